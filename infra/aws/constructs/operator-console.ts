import {
  type CfnElement,
  DefaultStackSynthesizer,
  Duration,
  type RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  CONSOLE_API_PREFIX,
  CONSOLE_CONFIG_PATH,
  CONSOLE_SECURITY_HEADERS,
  consoleContentSecurityPolicy,
} from '../../console-hosting';

export interface OperatorConsoleProps {
  /** The console's build folder (`console/dist`). */
  readonly buildFolder: string;
  /** The HTTP API the console calls on its own origin under CONSOLE_API_PREFIX. */
  readonly api: IHttpApi;
  /** What the console reads at start to sign operators in (served as /console-config.json). */
  readonly signIn: Record<string, unknown>;
  /** Origins the console calls besides its own (Cognito's token endpoint). */
  readonly connectTo: readonly string[];
  readonly removalPolicy: RemovalPolicy;
}

/** CloudFront Functions (JavaScript 2.0 runtime), viewer-request; exported for their tests. */
export const API_PATH_CODE = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring(${CONSOLE_API_PREFIX.length}) || '/';
  return request;
}`;
export const PAGES_CODE = `function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/**
 * The operator console: its build in a private S3 bucket read by CloudFront through origin access
 * control, the cases API on the same origin under /api (so no CORS), security headers with a
 * strict Content-Security-Policy on every answer, and access logs for both.
 */
export class OperatorConsole extends Construct {
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: the console, where alert links point. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: OperatorConsoleProps) {
    super(scope, id);
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL, which needs object-writer ownership.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds the access logs of the console bucket and distribution; logging it into itself would loop.',
    });
    const site = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: props.removalPolicy,
    });

    const stack = Stack.of(this);
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy(props.connectTo),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: CONSOLE_SECURITY_HEADERS['permissions-policy'],
            override: true,
          },
        ],
      },
    });
    // The Authorization header reaches an origin only as part of the cache key; nothing is kept.
    const apiCache = new CachePolicy(this, 'ApiNoCache', {
      comment: 'Cases API through the console origin: forwards Authorization, caches nothing',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Social responder operator console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new EdgeFunction(this, 'Pages', {
              comment: 'The console pages (paths without a file extension) are index.html',
              runtime: FunctionRuntime.JS_2_0,
              code: FunctionCode.fromInline(PAGES_CODE),
            }),
          },
        ],
      },
      additionalBehaviors: {
        [`${CONSOLE_API_PREFIX}/*`]: {
          origin: new HttpOrigin(
            `${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
            {
              protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            },
          ),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCache,
          // API Gateway answers 403 to a Host header that is not its own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: [
            {
              eventType: FunctionEventType.VIEWER_REQUEST,
              function: new EdgeFunction(this, 'ApiPath', {
                comment: `The cases API under ${CONSOLE_API_PREFIX}: the prefix is removed`,
                runtime: FunctionRuntime.JS_2_0,
                code: FunctionCode.fromInline(API_PATH_CODE),
              }),
            },
          ],
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'On-call staff open alert links wherever they are; the console and API need a sign-in, so no country is blocked.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Every data route needs an operator JWT and the API is throttled; a WAF web ACL (priced per rule and request) is left for the team to attach.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate allows TLSv1 viewers; with a custom domain and certificate set the minimum to TLSv1.2_2021.',
      },
    );

    const deployment = new BucketDeployment(this, 'Files', {
      sources: [
        Source.asset(props.buildFolder),
        Source.jsonData(CONSOLE_CONFIG_PATH.slice(1), props.signIn),
      ],
      destinationBucket: site,
      distribution: this.distribution,
      distributionPaths: ['/index.html', CONSOLE_CONFIG_PATH],
      memoryLimit: 256,
    });
    // The deployment's handler is one Lambda function per stack, created beside it by CDK.
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    // cdk-nag names a finding by the resource as written: tokens as <Name>, literals as they are.
    const shown = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
    const assetBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${shown(stack.account, 'AccountId')}-${shown(stack.region, 'Region')}`;
    const siteId = stack.getLogicalId(site.node.defaultChild as CfnElement);
    const copies =
      "CDK's BucketDeployment handler copies the build from CDK's asset bucket into the console bucket, replacing what was there";
    Validations.of(handler ?? deployment).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketDeployment handler writes its own logs with AWSLambdaBasicExecutionRole; it runs only during a deployment.",
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
        (action) => ({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `${copies} (${action} on those two buckets only).`,
        }),
      ),
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*]`,
        reason: `${copies}: it reads the build's archive in CDK's asset bucket.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${siteId}.Arn>/*]`,
        reason: `${copies}: it writes every file of the build.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudFront accepts CreateInvalidation and GetInvalidation only on "*": the handler invalidates index.html and the sign-in settings after an upload.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment handler pins its own Lambda runtime, which CDK upgrades with the library.",
      },
    );
  }
}
