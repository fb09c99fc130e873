import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CASE_TABLE } from '../../topology';

export interface CaseTableProps {
  /** Customer managed key that encrypts the table. */
  readonly key: IKey;
  /** Keep the table (and every case) when the stack is deleted. */
  readonly retainOnDelete: boolean;
}

/**
 * The single table of cases, mentions, authors and threads (layout in the topology): on demand,
 * encrypted with the data key, point-in-time recovery, a TTL that removes mention text, and a
 * stream of every change (new and old images) for the work that leaves the triage path.
 */
export class CaseTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: CaseTableProps) {
    super(scope, id);
    const stringKey = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new Table(this, 'Table', {
      partitionKey: stringKey(CASE_TABLE.partitionKey),
      sortKey: stringKey(CASE_TABLE.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: CASE_TABLE.ttlAttribute,
      stream: StreamViewType[CASE_TABLE.streamViewType],
      deletionProtection: props.retainOnDelete,
      removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of CASE_TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(typeof index.projection === 'string'
          ? { projectionType: ProjectionType[index.projection] }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }),
      });
    }
  }
}
