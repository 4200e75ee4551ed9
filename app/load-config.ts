import { ConfigError, configPath, loadConfigFile, type LoadedConfig } from "../core/config/load.js";

/** Loads the config for a command-line entry point; prints problems and exits on invalid config. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): LoadedConfig & { path: string } {
  const path = configPath(env);
  try {
    const loaded = loadConfigFile(path, env);
    for (const warning of loaded.warnings) process.stderr.write(`config warning: ${warning}\n`);
    return { ...loaded, path };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${path}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
