export function App() {
  return <h1>Pantry</h1>;
}
