/**
 * The git command line, as the plain Git provider runs it: no prompts, no
 * system config, only remote protocols that cannot run commands.
 */
import { execFile } from 'node:child_process';

/** Failures waiting will not fix: retrying them only delays a clear error. */
export const PERMANENT_FAILURE =
  /Authentication failed|Permission denied|could not read (Username|Password)|returned error: 40[134]|hook declined|remote rejected|protocol '?\S*'? is not supported|transport '\S+' not allowed/i;

interface GitResult {
  stdout: string;
  stderr: string;
}

/** Remote protocols git may use; `ext::` and friends could run commands. */
const ALLOWED_PROTOCOLS = 'file:http:https:ssh:git';

export function run(
  args: string[],
  options: { cwd?: string; input?: string; env?: Record<string, string> } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        maxBuffer: 256 * 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ALLOW_PROTOCOL: ALLOWED_PROTOCOLS,
          GIT_CONFIG_NOSYSTEM: '1',
          LC_ALL: 'C',
          ...options.env,
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          // Name the subcommand, not the `-c name=value` options before it.
          const command = args.find(
            (arg, i) => !arg.startsWith('-') && args[i - 1] !== '-c',
          );
          const e = new Error(
            `git ${command} failed: ${String(stderr || error.message).trim()}`,
          ) as Error & { stderr?: string; stdout?: string };
          e.stderr = String(stderr);
          // `push --porcelain` reports each ref's fate on stdout.
          e.stdout = String(stdout);
          reject(e);
        } else {
          resolve({ stdout: String(stdout), stderr: String(stderr) });
        }
      },
    );
    if (options.input !== undefined) {
      child.stdin!.end(options.input);
    }
  });
}

/**
 * Contents of blobs, in the order asked, from one `git cat-file --batch`:
 * each answer is `<sha> blob <size>\n<size bytes>\n`.
 */
export function catFileBatch(dir: string, shas: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['cat-file', '--batch'],
      {
        cwd: dir,
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
      },
      (error, stdout) => {
        if (error) {
          reject(new Error(`git cat-file failed: ${error.message}`));
          return;
        }
        const contents: string[] = [];
        let at = 0;
        for (const sha of shas) {
          const eol = stdout.indexOf(0x0a, at);
          const header = stdout.subarray(at, eol).toString('utf8');
          const m = /^([0-9a-f]+) blob (\d+)$/.exec(header);
          if (!m || m[1] !== sha) {
            reject(new Error(`git cat-file: unexpected answer '${header}'`));
            return;
          }
          const size = Number(m[2]);
          contents.push(
            stdout.subarray(eol + 1, eol + 1 + size).toString('utf8'),
          );
          at = eol + 1 + size + 1;
        }
        resolve(contents);
      },
    );
    child.stdin!.end(`${shas.join('\n')}\n`);
  });
}
