import { type IConstruct } from "constructs";
import {
  type ContainerAppTemplateAzureQueueScaleRule,
  type ContainerAppTemplateCustomScaleRule,
  type ContainerAppTemplateHttpScaleRule,
  type ContainerAppTemplateTcpScaleRule,
} from "@cdktf/provider-azurerm/lib/container-app";

/** What a scale rule checks itself against: the app it is added to. A `ScaledAgentApp` is one. */
export interface ScaleRuleTarget extends IConstruct {
  /** Fewest replicas of the app (a Terraform token when it comes from a variable). */
  readonly minReplicas: number;
  /** Most replicas of the app (a Terraform token when it comes from a variable). */
  readonly maxReplicas: number;
  /** Whether the app has ingress (HTTP and TCP rules count the requests that arrive through it). */
  readonly hasIngress: boolean;
  /** Whether the app has a secret of this name (rule authentication refers to secrets). */
  hasSecret(name: string): boolean;
}

/** The Terraform block a rule renders to, by the template attribute it goes in. */
export type ScaleRuleBlock =
  | { readonly attribute: "http_scale_rule"; readonly block: ContainerAppTemplateHttpScaleRule }
  | { readonly attribute: "tcp_scale_rule"; readonly block: ContainerAppTemplateTcpScaleRule }
  | { readonly attribute: "azure_queue_scale_rule"; readonly block: ContainerAppTemplateAzureQueueScaleRule }
  | { readonly attribute: "custom_scale_rule"; readonly block: ContainerAppTemplateCustomScaleRule };

/**
 * One KEDA scale rule of a container app, as an immutable value: what it measures and its threshold. A rule checks
 * itself against the app it is added to (`validate`, which throws an error naming the app's path) and renders its
 * Terraform block once the app's rule names are settled (`render`). Adding a scaler means adding one subclass.
 */
export abstract class ScaleRule {
  /**
   * @param requestedName the rule name the caller chose, or undefined to derive one from `baseName`
   * @param baseName the start of a derived name, e.g. "http-concurrency"
   */
  protected constructor(
    /** The rule name the caller chose; undefined when the app derives one from {@link baseName}. */
    readonly requestedName: string | undefined,
    /** Start of the derived name, made unique by the app with a `-2`, `-3`... suffix. */
    readonly baseName: string,
  ) {}

  /** Throws (naming `target`'s path) when the rule cannot work on `target`. */
  abstract validate(target: ScaleRuleTarget): void;

  /** The rule's Terraform block, named `name`. */
  abstract render(name: string): ScaleRuleBlock;
}
