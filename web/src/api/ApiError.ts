/**
 * One error shape for both APIs: RFC 7807 problem details from /api/v1 and Binance {code,msg} from /api/v3, so a
 * page shows `message` next to the action that failed and can branch on `code`.
 */
export class ApiError extends Error {
  readonly status: number;
  /** The problem's snake_case code (/api/v1) or the Binance code as a string (/api/v3); "network" when no answer. */
  readonly code: string;
  /** The request field the server blamed, when it names one. */
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(status: number, code: string, message: string, field?: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Reads a failed response of either API into an ApiError. */
  static async from(response: Response): Promise<ApiError> {
    let body: Record<string, unknown> = {};
    try {
      body = (await response.json()) as Record<string, unknown>;
    } catch {
      // An empty or non-JSON body (a proxy's error page): fall back to the status text below.
    }
    if (typeof body.msg === 'string' && typeof body.code === 'number') {
      return new ApiError(response.status, String(body.code), body.msg);
    }
    const code = typeof body.code === 'string' ? body.code : `http_${response.status}`;
    const message =
      (typeof body.detail === 'string' && body.detail) ||
      (typeof body.title === 'string' && body.title) ||
      response.statusText ||
      `Request failed (${response.status})`;
    const field = typeof body.field === 'string' ? body.field : undefined;
    const retry = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined;
    return new ApiError(response.status, code, message, field, retry);
  }

  static network(cause: unknown): ApiError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ApiError(0, 'network', `Cannot reach the server (${reason}).`);
  }
}

/** The text to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
