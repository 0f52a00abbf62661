/** Placeholder: built in its own change. */
export function ResetPasswordPage() {
  return (
    <div className="page">
      <h1>ResetPassword</h1>
    </div>
  );
}
