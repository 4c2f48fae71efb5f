// IAM ARNs the bridge deals in: roles and SAML providers, in every partition.

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

export interface RoleArn {
  arn: string;
  partition: Partition;
  accountId: string;
  /** Path including leading and trailing slash, `/` when none. */
  path: string;
  name: string;
}

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role(\/(?:[\x21-\x7e]{0,510}\/)?)?([\w+=,.@-]{1,64})$/;
const PROVIDER_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):saml-provider\/([\w.-]{1,128})$/;

export function parseRoleArn(arn: string): RoleArn | undefined {
  const m = ROLE_ARN.exec(arn);
  if (!m) return undefined;
  const rest = arn.slice(arn.indexOf(':role/') + ':role'.length);
  const name = m[4]!;
  const path = rest.slice(0, rest.length - name.length) || '/';
  return { arn, partition: m[1] as Partition, accountId: m[2]!, path, name };
}

export function parseSamlProviderArn(arn: string): { partition: Partition; accountId: string; name: string } | undefined {
  const m = PROVIDER_ARN.exec(arn);
  return m ? { partition: m[1] as Partition, accountId: m[2]!, name: m[3]! } : undefined;
}

/** The console sign-in host of each partition (federation endpoint lives there). */
export function signinHost(p: Partition): string {
  return { aws: 'signin.aws.amazon.com', 'aws-us-gov': 'signin.amazonaws-us-gov.com', 'aws-cn': 'signin.amazonaws.cn' }[p];
}

export function consoleHost(p: Partition): string {
  return { aws: 'console.aws.amazon.com', 'aws-us-gov': 'console.amazonaws-us-gov.com', 'aws-cn': 'console.amazonaws.cn' }[p];
}

/** AWS's SAML endpoint: Recipient and Audience of every minted assertion. */
export function samlEndpoint(p: Partition): string {
  return `https://${signinHost(p)}/saml`;
}
