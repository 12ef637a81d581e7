/**
 * The API key field. Hidden while the server answers without one (AUTH_MODE=open); shown when
 * it refuses a request as UNAUTHENTICATED (AUTH_MODE=keys). The key stays in this page's memory
 * and goes out as `Authorization: Bearer <key>` on every GraphQL request while the field is filled.
 */
export interface ApiKeyForm {
  key(): string;
  /** Shows the field with the server's reason, as the server words it (it already says what to send). */
  ask(reason: string): void;
}

export function createApiKeyForm(form: HTMLFormElement, onKey: () => void): ApiKeyForm {
  const input = form.querySelector('input')!;
  const message = form.querySelector('.api-key-message')!;
  let key = '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    key = input.value.trim();
    message.textContent = key === '' ? 'Enter a key.' : '';
    if (key !== '') onKey();
  });
  return {
    key: () => key,
    ask(reason) {
      form.hidden = false;
      message.textContent = reason;
    },
  };
}
