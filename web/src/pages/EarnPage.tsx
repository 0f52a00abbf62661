/** Placeholder: built in its own change. */
export function EarnPage() {
  return (
    <div className="page">
      <h1>Earn</h1>
    </div>
  );
}
