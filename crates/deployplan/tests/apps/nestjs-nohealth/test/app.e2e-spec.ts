import { Test } from '@nestjs/testing';
import { AppModule } from '../src/app.module';

describe('orders (e2e)', () => {
  it('boots', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    expect(moduleRef).toBeDefined();
  });
});
