/**
 * Google's error vocabulary: an HTTP status, its canonical name (`INVALID_ARGUMENT`) and the gRPC
 * code used inside batch outputs and operations (`{code: 3, status: "INVALID_ARGUMENT"}`).
 */

export interface GoogleStatus {
  name: string
  grpc: number
}

const BY_HTTP: Record<number, GoogleStatus> = {
  400: {name: 'INVALID_ARGUMENT', grpc: 3},
  401: {name: 'UNAUTHENTICATED', grpc: 16},
  403: {name: 'PERMISSION_DENIED', grpc: 7},
  404: {name: 'NOT_FOUND', grpc: 5},
  409: {name: 'ALREADY_EXISTS', grpc: 6},
  429: {name: 'RESOURCE_EXHAUSTED', grpc: 8},
  499: {name: 'CANCELLED', grpc: 1},
  500: {name: 'INTERNAL', grpc: 13},
  501: {name: 'UNIMPLEMENTED', grpc: 12},
  503: {name: 'UNAVAILABLE', grpc: 14},
  504: {name: 'DEADLINE_EXCEEDED', grpc: 4},
}

/** The Google status for an HTTP status (unknown 5xx are `INTERNAL`, unknown 4xx `FAILED_PRECONDITION`). */
export function googleStatus(httpStatus: number): GoogleStatus {
  return BY_HTTP[httpStatus] ?? (httpStatus >= 500 ? BY_HTTP[500]! : {name: 'FAILED_PRECONDITION', grpc: 9})
}

/** The HTTP error envelope: `{error: {code, message, status}}` with the HTTP code. */
export function httpErrorBody(httpStatus: number, message: string): {error: {code: number; message: string; status: string}} {
  return {error: {code: httpStatus, message, status: googleStatus(httpStatus).name}}
}

/** A `google.rpc.Status` as batch outputs carry it: the gRPC code, not the HTTP one. */
export function rpcStatus(httpStatus: number, message: string): {code: number; message: string; status: string} {
  const status = googleStatus(httpStatus)
  return {code: status.grpc, message, status: status.name}
}
