import { listProducts } from '@/lib/catalog';

export default function Products() {
  return (
    <ul>
      {listProducts().map((p) => (
        <li key={p.id}>{p.name}</li>
      ))}
    </ul>
  );
}
