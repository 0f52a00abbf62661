/** Placeholder: built in its own change. */
export function VerifyEmailPage() {
  return (
    <div className="page">
      <h1>VerifyEmail</h1>
    </div>
  );
}
