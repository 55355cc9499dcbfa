import { OrdersService } from './orders.service';

describe('OrdersService', () => {
  it('finds an order', () => {
    expect(new OrdersService().find('o-1').total).toBe(42);
  });
});
