import { Construct } from "constructs";
import { type MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { firstDuplicate } from "../src/core";
import { positiveProblem } from "../src/monitoring";
import { type AlertOptions, type AlertPlacement } from "./alert-options";
import { createMetricAlert, metricAlertTiming } from "./alert-resources";
import { OpenAIMetrics } from "./openai-metrics";
import { check, invalid } from "./validation";

/** The Azure OpenAI account an {@link OpenAIThrottlingAlert} watches, e.g. `{ accountId: openai.accounts[location].id }` for each account of an `OpenAIPoolConfig`. */
export interface OpenAIAccountReference {
  /** Resource id of the Azure OpenAI (Cognitive Services) account. */
  readonly accountId: string;
  /** Deployments to watch, each on its own. @default - every deployment of the account, each on its own */
  readonly deploymentNames?: string[];
}

/** Props of {@link OpenAIThrottlingAlert}. */
export interface OpenAIThrottlingAlertProps extends AlertOptions {
  /** The account whose 429 responses are counted. */
  readonly account: OpenAIAccountReference;
  /** Where the alert rule is created (an `AgentEnvironment`, or any resource group and name prefix). */
  readonly placement: AlertPlacement;
  /** The alert fires when a deployment returns more than this many 429 responses per minute, on average over the window. @default 10 */
  readonly thresholdPerMinute?: number;
}

/**
 * Alerts when an Azure OpenAI deployment throttles: the spec's "Azure OpenAI 429s > 10/min -> increase TPM"
 * row. A metric alert on the account's `AzureOpenAIRequests` metric (Total) filtered on `StatusCode` 429
 * and split per `ModelDeploymentName`, so each deployment is evaluated (and fires) on its own. The metric
 * threshold is the per-minute threshold times the window in minutes.
 */
export class OpenAIThrottlingAlert extends Construct {
  /** The metric alert rule. */
  readonly resource: MonitorMetricAlert;

  constructor(scope: Construct, id: string, props: OpenAIThrottlingAlertProps) {
    super(scope, id);
    const perMinute = props.thresholdPerMinute ?? 10;
    check(this, positiveProblem("thresholdPerMinute", perMinute));
    const deployments = props.account.deploymentNames;
    if (deployments !== undefined) {
      if (deployments.length === 0) invalid(this, "account.deploymentNames is empty", "Omit it to watch every deployment, or name at least one");
      if (deployments.some((name) => !name)) invalid(this, "account.deploymentNames contains an empty name");
      const twice = firstDuplicate(deployments);
      if (twice !== undefined) invalid(this, `account.deploymentNames lists "${twice}" twice`);
    }
    const timing = metricAlertTiming(this, props);
    const threshold = perMinute * timing.window.toMinutes();
    this.resource = createMetricAlert(this, props, {
      metric: new OpenAIMetrics(props.account.accountId, props.placement, "the Azure OpenAI account").requests({ statusCode: "429", deploymentNames: deployments ?? ["*"] }),
      threshold,
      timing,
      description: `An Azure OpenAI deployment returned more than ${threshold} 429 responses over ${timing.window} (${perMinute}/min): raise its TPM capacity`,
    });
  }
}
