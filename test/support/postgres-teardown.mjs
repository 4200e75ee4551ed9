// Jest global teardown of the storage and e2e projects: the counterpart of postgres-setup.mjs.
export { removePostgres as default } from "./postgres-setup.mjs";
