export { createHttpApp, HEALTH_PATH, type HttpAppOptions } from "./app";
export { INTERNAL_ERROR_DETAIL } from "./errors";
export { type HttpLambdaHandler, toLambdaHandler } from "./lambda";
export {
  HttpError,
  type HttpErrorOptions,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problemResponse,
  statusTitle,
  toProblem,
} from "./problem";
export { isSafeRequestId, REQUEST_ID_HEADER, resolveRequestId } from "./request-id";
export type { HttpApp, HttpEnv, HttpVariables, LambdaBindings } from "./types";
export { validate } from "./validate";
