/** Placeholder: built in its own change. */
export function SignupPage() {
  return (
    <div className="page">
      <h1>Signup</h1>
    </div>
  );
}
