import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setTokens } from '../api/session';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, renderAt, stubFetch } from '../components/account/testing';
import { SignupPage } from './SignupPage';

function describedText(input: HTMLElement): string | undefined {
  return document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? undefined;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null); // the session module outlives a test; localStorage alone is cleared by test-setup
});

describe('SignupPage', () => {
  it('shows the policy under Password, and the weak_password reason in its place when the server refuses', async () => {
    const calls = stubFetch({
      'POST /api/v1/auth/signup': [problem(400, 'weak_password', 'This password is too common; pick something less guessable.')],
    });
    const user = userEvent.setup();
    renderAt('/signup', '/signup', <SignupPage />);
    const password = screen.getByLabelText('Password');
    expect(describedText(password)).toMatch(/10–128 characters/);

    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(password, 'Password123');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('This password is too common; pick something less guessable.')).toBeTruthy();
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(password)).toBe('This password is too common; pick something less guessable.');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBeNull();
    expect(calls[0].body).toEqual({ email: 'ann@example.com', password: 'Password123' });
  });

  it('says to check the email once the server accepts', async () => {
    stubFetch({ 'POST /api/v1/auth/signup': [{ status: 202, body: { status: 'verification_email_sent' } }] });
    const user = userEvent.setup();
    renderAt('/signup', '/signup', <SignupPage />);
    await user.type(screen.getByLabelText('Email'), ' ann@example.com ');
    await user.type(screen.getByLabelText('Password'), 'a long and unusual passphrase');
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('status')).textContent).toContain('Check your email');
    expect(screen.getByRole('status').textContent).toContain('ann@example.com');
  });
});
