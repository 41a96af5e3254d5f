/** The error a cancelled training run rejects with (`name` is `AbortError`, as fetch's). */
export function abortError(): Error {
  const error = new Error('training was cancelled');
  error.name = 'AbortError';
  return error;
}
