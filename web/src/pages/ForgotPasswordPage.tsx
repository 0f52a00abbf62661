/** Placeholder: built in its own change. */
export function ForgotPasswordPage() {
  return (
    <div className="page">
      <h1>ForgotPassword</h1>
    </div>
  );
}
