import { Module } from "@nestjs/common";
import { HealthController } from "./health.controller";
import { MessagesController } from "./messages.controller";

@Module({ controllers: [HealthController, MessagesController] })
export class AppModule {}
