import type { InputHTMLAttributes } from 'react';
import { Field } from '../ui';

/** The server's policy in one line (docs/accounts.md): length and "not common", no composition rules. */
export const passwordPolicyHint = '10–128 characters, not a common or easily guessed password.';

/**
 * A new password: shows the policy as a hint and, in its place, the server's weak_password reason when it refuses one.
 */
export function NewPasswordField({
  label = 'Password',
  error,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label?: string; error?: string }) {
  return (
    <Field
      label={label}
      type="password"
      autoComplete="new-password"
      minLength={10}
      maxLength={128}
      required
      hint={passwordPolicyHint}
      error={error}
      {...input}
    />
  );
}
