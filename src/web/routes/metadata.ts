// Metadata for the admins: the bridge as a SAML IdP towards AWS (for
// `aws iam create-saml-provider`), and as an SP towards each upstream SAML IdP.
import { Router } from 'express';
import { BridgeError } from '../../errors.js';
import type { BridgeContext } from '../context.js';

export function metadataRoutes(ctx: BridgeContext): Router {
  const r = Router();
  r.get('/metadata/aws-idp.xml', (_req, res) => {
    res.type('application/samlmetadata+xml; charset=utf-8').send(ctx.idpMetadataXml);
  });
  r.get('/metadata/sp/:file', (req, res) => {
    const id = req.params.file.replace(/\.xml$/, '');
    const idp = ctx.idps.find((i) => i.config.id === id && i.spMetadata);
    if (!idp?.spMetadata) throw new BridgeError('not_found', 'No such metadata.');
    res.type('application/samlmetadata+xml; charset=utf-8').send(idp.spMetadata());
  });
  return r;
}
