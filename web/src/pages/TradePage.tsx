/** Placeholder: built in its own change. */
export function TradePage() {
  return (
    <div className="page">
      <h1>Trade</h1>
    </div>
  );
}
