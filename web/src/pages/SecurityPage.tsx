/** Placeholder: built in its own change. */
export function SecurityPage() {
  return (
    <div className="page">
      <h1>Security</h1>
    </div>
  );
}
