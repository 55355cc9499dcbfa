export type Product = { id: string; name: string };

export function listProducts(): Product[] {
  return [
    { id: 'mug', name: 'Mug' },
    { id: 'tee', name: 'T-shirt' },
  ];
}
