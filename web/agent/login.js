import { $ } from './dom.js';

const form = $('#login-form');
const error = $('#login-error');
const button = $('#sign-in');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const name = $('#name').value.trim();
  const password = $('#password').value;
  if (!name || !password) {
    error.textContent = 'Enter your name and password.';
    return;
  }
  button.disabled = true;
  try {
    const res = await fetch('/api/agent/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name, password }),
      credentials: 'same-origin',
    });
    if (res.ok) {
      location.assign('/agent');
      return;
    }
    let message = `Sign-in failed (${res.status})`;
    try {
      const body = await res.json();
      if (body && body.error && body.error.message) message = body.error.message;
    } catch {
      /* not JSON */
    }
    error.textContent = message;
  } catch {
    error.textContent = 'Could not reach the server. Try again.';
  } finally {
    button.disabled = false;
  }
});
