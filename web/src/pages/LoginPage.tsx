/** Placeholder: built in its own change. */
export function LoginPage() {
  return (
    <div className="page">
      <h1>Login</h1>
    </div>
  );
}
