import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { generateName, NAME_RULES, nameProblem } from "../src/core";
import { type AlertPlacement, type IActionGroup } from "./alert-options";
import { check, invalid } from "./validation";

/** An email receiver of an action group. */
export interface EmailReceiver {
  /** Receiver name, unique among all receivers of the group. */
  readonly name: string;
  /** Email address. */
  readonly address: string;
  /** Send the common alert schema (the same payload for every alert type). @default true */
  readonly useCommonAlertSchema?: boolean;
}

/** An SMS receiver of an action group. */
export interface SmsReceiver {
  /** Receiver name, unique among all receivers of the group. */
  readonly name: string;
  /** Country calling code, digits only, e.g. "1". */
  readonly countryCode: string;
  /** Phone number, digits only, without the country code. */
  readonly phoneNumber: string;
}

/** A webhook receiver of an action group. */
export interface WebhookReceiver {
  /** Receiver name, unique among all receivers of the group. */
  readonly name: string;
  /**
   * HTTPS URL that receives a POST per alert. When the URL embeds a secret (chat webhooks do), pass a
   * sensitive Terraform variable rather than a literal, so that it stays out of the synthesized JSON.
   */
  readonly serviceUri: string;
  /** Send the common alert schema. @default true */
  readonly useCommonAlertSchema?: boolean;
}

/** Props of {@link ActionGroup}. */
export interface ActionGroupProps {
  /** Where the action group is created (an `AgentEnvironment`, or any resource group and name prefix). */
  readonly placement: AlertPlacement;
  /** Short name shown in SMS and emails: 1-12 characters. */
  readonly shortName: string;
  /** Action group name. @default - generated from the name prefix, the construct id and a hash of the construct path */
  readonly name?: string;
  /** Email receivers. @default - none */
  readonly emails?: EmailReceiver[];
  /** SMS receivers. @default - none */
  readonly sms?: SmsReceiver[];
  /** Webhook receivers. @default - none */
  readonly webhooks?: WebhookReceiver[];
  /** Whether notifications are sent. @default true */
  readonly enabled?: boolean;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DIGITS = /^[0-9]+$/;

/**
 * An Azure Monitor action group: who is notified (email, SMS, webhook) when an alert fires. Pass it as
 * `actionGroup` to any alert; an existing group is referenced with {@link ActionGroup.fromActionGroupId}.
 */
export class ActionGroup extends Construct implements IActionGroup {
  /** An action group that already exists, by resource id. */
  static fromActionGroupId(actionGroupId: string): IActionGroup {
    return { actionGroupId };
  }

  /** The azurerm action group (escape hatch). */
  readonly resource: MonitorActionGroup;
  /** Resource id of the action group. */
  readonly actionGroupId: string;
  /** Name of the action group. */
  readonly actionGroupName: string;

  constructor(scope: Construct, id: string, props: ActionGroupProps) {
    super(scope, id);
    const shortName = props.shortName;
    if (literal(shortName) && (shortName.length < 1 || shortName.length > 12)) {
      invalid(this, `shortName "${shortName}" has ${shortName.length} characters; Azure accepts 1 to 12`, "Use a shorter name: it is shown in SMS and email subjects");
    }
    if (props.name !== undefined) check(this, nameProblem(props.name, NAME_RULES.alert));
    const emails = props.emails ?? [];
    const sms = props.sms ?? [];
    const webhooks = props.webhooks ?? [];
    this.validateReceivers(emails, sms, webhooks);

    this.actionGroupName = props.name ?? generateName({ parts: [props.placement.namePrefix, id], uniqueFrom: this.node.path, rule: NAME_RULES.alert });
    this.resource = new MonitorActionGroup(this, "Resource", {
      name: this.actionGroupName,
      resourceGroupName: props.placement.resourceGroupName,
      shortName,
      enabled: props.enabled ?? true,
      emailReceiver: orNone(emails.map((r) => ({ name: r.name, emailAddress: r.address, useCommonAlertSchema: r.useCommonAlertSchema ?? true }))),
      smsReceiver: orNone(sms.map((r) => ({ name: r.name, countryCode: r.countryCode, phoneNumber: r.phoneNumber }))),
      webhookReceiver: orNone(webhooks.map((r) => ({ name: r.name, serviceUri: r.serviceUri, useCommonAlertSchema: r.useCommonAlertSchema ?? true }))),
      tags: props.placement.tags,
    });
    this.actionGroupId = this.resource.id;
  }

  private validateReceivers(emails: EmailReceiver[], sms: SmsReceiver[], webhooks: WebhookReceiver[]): void {
    const seen = new Set<string>();
    for (const receiver of [...emails, ...sms, ...webhooks]) {
      if (!receiver.name) invalid(this, "every receiver needs a name");
      const key = receiver.name.toLowerCase();
      if (seen.has(key)) invalid(this, `receiver name "${receiver.name}" is used twice`, "Receiver names must be unique across the email, SMS and webhook receivers of a group");
      seen.add(key);
    }
    for (const email of emails) {
      if (literal(email.address) && !EMAIL.test(email.address)) invalid(this, `email receiver "${email.name}" has address "${email.address}", which is not an email address`);
    }
    for (const phone of sms) {
      for (const [what, value] of [["countryCode", phone.countryCode], ["phoneNumber", phone.phoneNumber]] as const) {
        if (literal(value) && !DIGITS.test(value)) invalid(this, `SMS receiver "${phone.name}" has ${what} "${value}"; it must be digits only`, 'e.g. countryCode "1", phoneNumber "4255550123"');
      }
    }
    for (const hook of webhooks) {
      if (literal(hook.serviceUri) && !isHttpsUrl(hook.serviceUri)) {
        invalid(this, `webhook receiver "${hook.name}" has serviceUri "${hook.serviceUri}", which is not an https:// URL`, "Alerts carry operational data: send them over HTTPS only");
      }
    }
    if (seen.size === 0) Annotations.of(this).addWarning("the action group has no receivers: alerts that use it notify nobody. Add emails, sms or webhooks.");
  }
}

function orNone<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function literal(value: string): boolean {
  return !Token.isUnresolved(value);
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}
