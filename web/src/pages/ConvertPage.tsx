/** Placeholder: built in its own change. */
export function ConvertPage() {
  return (
    <div className="page">
      <h1>Convert</h1>
    </div>
  );
}
