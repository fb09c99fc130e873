import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpJwtAuthorizer,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { OperatorAuth as OperatorAuthConfig } from '../../../shared/domain/config/deployment';

export interface OperatorAuthProps {
  readonly auth: OperatorAuthConfig;
  /** Keep the user pool (and its users) when the stack is deleted. */
  readonly retainOnDelete: boolean;
  /** The operator console's URL (a token resolved later): the hosted sign-in returns there. */
  readonly consoleUrl: string;
  /** Prefix of the hosted sign-in domain, `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly signInDomainPrefix: string;
}

/**
 * How agents and on-call staff prove who they are to the cases API: a JWT from the issuer the
 * configuration names, or from a Cognito user pool created here (no self sign-up; an administrator
 * invites each operator). The route sees the token's claims; `sub` is the actor of every action.
 */
export class OperatorAuth extends Construct {
  readonly authorizer: IHttpRouteAuthorizer;
  /** Present when the stack created the user pool. */
  readonly userPool?: UserPool;
  readonly userPoolClient?: UserPoolClient;
  /** How the console signs operators in: Cognito's hosted sign-in, or a pasted JWT. */
  readonly consoleSignIn: Record<string, unknown>;
  /** Origins the console calls to sign in (Cognito's token endpoint). */
  readonly consoleConnectTo: readonly string[];

  constructor(scope: Construct, id: string, props: OperatorAuthProps) {
    super(scope, id);
    if (props.auth.kind === 'jwt') {
      this.authorizer = new HttpJwtAuthorizer('OperatorJwt', props.auth.issuer, {
        jwtAudience: props.auth.audience,
      });
      // The issuer's own sign-in page is unknown here: operators paste a token they got from it.
      this.consoleSignIn = { auth: { kind: 'token', operator: '' } };
      this.consoleConnectTo = [];
      return;
    }
    this.userPool = new UserPool(this, 'Operators', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.retainOnDelete,
      removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.userPoolClient = this.userPool.addClient('CasesApiClient', {
      authFlows: { userSrp: true, userPassword: true },
      generateSecret: false,
      // Operators sign in with the user-password or SRP flow; no hosted-UI OAuth flow, and so
      // no callback URL (CDK's default would allow the implicit and code flows to example.com).
      disableOAuth: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      preventUserExistenceErrors: true,
    });
    const domain = new UserPoolDomain(this, 'SignIn', {
      userPool: this.userPool,
      cognitoDomain: { domainPrefix: props.signInDomainPrefix },
    });
    // The console: authorization code with PKCE (no client secret in a browser).
    const consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}/auth/callback`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      preventUserExistenceErrors: true,
    });
    const signInUrl = domain.baseUrl();
    this.consoleSignIn = {
      auth: {
        kind: 'cognito',
        domain: signInUrl,
        clientId: consoleClient.userPoolClientId,
        scopes: ['openid', 'email', 'profile'],
      },
    };
    this.consoleConnectTo = [signInUrl];
    this.authorizer = new HttpUserPoolAuthorizer('OperatorPool', this.userPool, {
      userPoolClients: [this.userPoolClient, consoleClient],
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'TOTP MFA is offered to every operator; requiring it is left to the team, since the first sign-in from the CLI cannot complete an MFA enrolment.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the paid Cognito Plus feature plan; operators are invited by an administrator and there is no self sign-up to protect.',
      },
    );
  }
}
