/** How screens put a failed request into words (and per field): the api's helpers, for routes that import only stores. */
export { errorCode, errorText, fieldErrors } from '../api/trpc';
