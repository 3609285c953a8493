// Domain errors; the one error handler in app.ts maps them to HTTP status codes.
export class NotFoundError extends Error {
  constructor(message = 'Sidan eller posten finns inte.') {
    super(message);
  }
}

export class ForbiddenError extends Error {
  constructor(message = 'Din roll har inte behörighet att göra detta.') {
    super(message);
  }
}

/** Another user saved the record after this user opened it; `current` is what is stored now. */
export class ConflictError<T = unknown> extends Error {
  constructor(readonly current: T) {
    super('Någon annan har ändrat posten sedan du öppnade den.');
  }
}

/** A document that needs more memory to be drawn than its process may use (PDF_HEAP_MB). */
export class TooLargeError extends Error {
  constructor(message = 'Dokumentet är för stort för att kunna skapas.') {
    super(message);
  }
}

export type FieldErrors = Record<string, string>;

export class InvalidInputError extends Error {
  constructor(readonly errors: FieldErrors) {
    super('Formuläret innehåller fel.');
  }
}
