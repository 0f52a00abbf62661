/** Placeholder: built in its own change. */
export function WalletPage() {
  return (
    <div className="page">
      <h1>Wallet</h1>
    </div>
  );
}
