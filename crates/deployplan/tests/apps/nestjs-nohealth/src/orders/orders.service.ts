import { Injectable, NotFoundException } from '@nestjs/common';

export type Order = { id: string; total: number };

@Injectable()
export class OrdersService {
  private readonly orders: Order[] = [{ id: 'o-1', total: 42 }];

  list(): Order[] {
    return this.orders;
  }

  find(id: string): Order {
    const order = this.orders.find((o) => o.id === id);
    if (!order) {
      throw new NotFoundException(id);
    }
    return order;
  }
}
