/** `promise`, or a rejection naming `what` once `ms` have passed without an answer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  const answer = Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  // Rejections are handled by every reader; this keeps an unread one from going unhandled.
  answer.catch(() => {});
  return answer;
}
