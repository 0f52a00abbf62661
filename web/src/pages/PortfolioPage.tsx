/** Placeholder: built in its own change. */
export function PortfolioPage() {
  return (
    <div className="page">
      <h1>Portfolio</h1>
    </div>
  );
}
