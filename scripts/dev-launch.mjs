// `npm run dev`: builds Plenum, then runs dist/scripts/dev.js (see scripts/dev.ts), saying what it
// does as it goes. Plain JavaScript: it runs before anything is built.
import { spawn } from "node:child_process";
import { step } from "./progress.mjs";

await step("building Plenum (TypeScript and widgets)", async () => {
  const build = spawn("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  const code = await new Promise((resolve) =>
    build.on("exit", (exitCode, signal) => resolve(exitCode ?? signal)),
  );
  if (code !== 0) throw new Error(`npm run build ended with ${code}`);
}).catch(() => process.exit(1));
await import(new URL("../dist/scripts/dev.js", import.meta.url).href);
