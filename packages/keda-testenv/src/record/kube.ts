import { KubeConfig } from '@kubernetes/client-node';
import https from 'node:https';

/** A JSON merge patch of any object by its API path (null removes a key). */
export async function patchObject(
  admin: KubeConfig,
  request: { path: string; patch: object },
): Promise<void> {
  const server = admin.getCurrentCluster()!.server;
  const options: https.RequestOptions = {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
  };
  await admin.applyToHTTPSOptions(options);
  const body = JSON.stringify(request.patch);
  await new Promise<void>((resolve, reject) => {
    const req = https.request(`${server}${request.path}`, options, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (text += chunk));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve()
          : reject(
              new Error(`PATCH ${request.path}: ${res.statusCode} ${text}`),
            ),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}
