// The build scripts' one way to get esbuild (a devDependency): without it a
// script says what the program does instead and stops, with exit 0 when its
// `optional` environment variable is set (a plain tsc build still works).
export async function loadEsbuild(script, without, optional) {
  try {
    return await import('esbuild');
  } catch {
    console.error(`${script}: esbuild is not installed (a devDependency: npm install); ${without}`);
    process.exit(process.env[optional] ? 0 : 1);
  }
}
