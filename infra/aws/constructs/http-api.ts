import { type CfnElement, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Effect, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type FunctionName, ROUTES, type RouteSpec } from '../../topology';

export interface ProductHttpApiProps {
  /** The function behind each route's `function`. */
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  /** Guards the routes whose auth is `user` (operators with a JWT). */
  readonly operatorAuthorizer: IHttpRouteAuthorizer;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: RetentionDays;
}

/** One JSON line per request; never the body or headers, which may carry signatures or tokens. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
  }),
);

/**
 * The product's HTTP APIs, both built from the topology's ROUTES:
 * - `api`: every route; webhook routes open (the function verifies the platform's signature),
 *   `user` routes behind the operator JWT authorizer;
 * - `machineApi`: the `user` routes again behind IAM (SigV4), for scripts and services in the
 *   account; `invokePolicy` allows calling it.
 * Both are throttled and write access logs.
 */
export class ProductHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly machineApi: HttpApi;
  readonly invokePolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: ProductHttpApiProps) {
    super(scope, id);
    // One integration per API and function: an integration cannot be shared between APIs.
    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationOf = (api: HttpApi, name: FunctionName) => {
      const key = `${api.node.id}-${name}`;
      const existing = integrations.get(key);
      if (existing) return existing;
      const integration = new HttpLambdaIntegration(`${key}Integration`, props.functions[name]);
      integrations.set(key, integration);
      return integration;
    };
    const addRoutes = (
      api: HttpApi,
      routes: readonly RouteSpec[],
      authorizerOf: (route: RouteSpec) => IHttpRouteAuthorizer | undefined,
    ) => {
      return routes.flatMap((route) =>
        api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration: integrationOf(api, route.function),
          authorizer: authorizerOf(route),
        }),
      );
    };

    this.api = new HttpApi(this, 'Api', { createDefaultStage: false });
    this.stage = this.addStage(this.api, 'Api', props);
    const routes = addRoutes(this.api, ROUTES, (route) =>
      route.auth === 'user' ? props.operatorAuthorizer : undefined,
    );
    for (const [index, route] of ROUTES.entries()) {
      const created = routes[index];
      if (route.auth !== 'none' || !created) continue;
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${route.method} ${route.path} is called by platforms that sign each request; the function verifies the signature before anything else.`,
      });
    }

    const userRoutes = ROUTES.filter((route) => route.auth === 'user');
    this.machineApi = new HttpApi(this, 'MachineApi', { createDefaultStage: false });
    this.addStage(this.machineApi, 'MachineApi', props);
    const iam = new HttpIamAuthorizer();
    addRoutes(this.machineApi, userRoutes, () => iam);
    this.invokePolicy = new ManagedPolicy(this, 'MachineInvokePolicy', {
      description: 'Calls the cases API with SigV4 (attach to the roles of machine callers)',
      statements: [
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['execute-api:Invoke'],
          resources: userRoutes.map((route) =>
            this.machineApi.arnForExecuteApi(route.method, invokePath(route.path), '$default'),
          ),
        }),
      ],
    });
    // cdk-nag names a finding by the resource as written: tokens as <Name>, literals as they are.
    const stack = Stack.of(this);
    const shown = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
    const machineApiArn = `arn:<AWS::Partition>:execute-api:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}:<${stack.getLogicalId(this.machineApi.node.defaultChild as CfnElement)}>`;
    Validations.of(this.invokePolicy).acknowledge(
      ...userRoutes
        .filter((route) => invokePath(route.path) !== route.path)
        .map((route) => ({
          id: `AwsSolutions-IAM5[Resource::${machineApiArn}/$default/${route.method}${invokePath(route.path)}]`,
          reason: `A route parameter of ${route.path} is one path segment: "*" stands for it, nothing more.`,
        })),
    );
  }

  private addStage(api: HttpApi, id: string, props: ProductHttpApiProps): HttpStage {
    const accessLogs = new LogGroup(this, `${id}AccessLogs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return api.addStage(`${id}DefaultStage`, {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }
}

/** `/cases/{caseId}` → `/cases/*`: the path of an execute-api ARN. */
const invokePath = (path: string): string => path.replace(/\{[^}]+\}/g, '*');
