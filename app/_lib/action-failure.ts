export { actionFailure } from './server-action';
