import { Lazy } from "cdktf";
import {
  containerAppTemplateAzureQueueScaleRuleToTerraform,
  containerAppTemplateCustomScaleRuleToTerraform,
  containerAppTemplateHttpScaleRuleToTerraform,
  containerAppTemplateTcpScaleRuleToTerraform,
} from "@cdktf/provider-azurerm/lib/container-app";
import { type IResolvable } from "cdktf";
import { NAME_RULES, nameProblem } from "../../src/core";
import { check, invalid } from "../validation";
import { type ScaleRule, type ScaleRuleBlock, type ScaleRuleTarget } from "./scale-rule";


/** How each template attribute's blocks become Terraform JSON (a Lazy value is not mapped by the provider). */
const TO_TERRAFORM: Readonly<Record<ScaleRuleBlock["attribute"], (block: never) => unknown>> = {
  http_scale_rule: containerAppTemplateHttpScaleRuleToTerraform,
  tcp_scale_rule: containerAppTemplateTcpScaleRuleToTerraform,
  azure_queue_scale_rule: containerAppTemplateAzureQueueScaleRuleToTerraform,
  custom_scale_rule: containerAppTemplateCustomScaleRuleToTerraform,
};

/**
 * The scale rules of one container app: a list of {@link ScaleRule} values that methods append to, rendered into the
 * template at synth (cdktf `Lazy`), so the order of calls does not change the result. Rules with a name the caller
 * chose keep it; the others get their base name, made unique (`-2`, `-3`...) once every chosen name is known.
 * Within one template attribute, blocks are ordered by scaler type, then in the order they were added.
 */
export class AppScaling {
  private readonly rules: ScaleRule[] = [];

  constructor(private readonly target: ScaleRuleTarget) {}

  /** Validates `rule` against the app and adds it. */
  add(rule: ScaleRule): void {
    rule.validate(this.target);
    const name = rule.requestedName;
    if (name !== undefined) {
      check(this.target, nameProblem(name, NAME_RULES.scaleRule));
      if (this.rules.some((other) => other.requestedName === name)) invalid(this.target, `scale rule name "${name}" is used twice`, "Rule names must be unique within an app");
    }
    this.rules.push(rule);
  }

  /** Every rule's name, in the order the rules were added. */
  get names(): string[] {
    const taken = new Set(this.rules.flatMap((rule) => (rule.requestedName === undefined ? [] : [rule.requestedName])));
    return this.rules.map((rule) => {
      if (rule.requestedName !== undefined) return rule.requestedName;
      const base = cleanRuleName(rule.baseName);
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
      taken.add(name);
      return name;
    });
  }

  /** The blocks of one template attribute, resolved at synth; absent when the app has none. */
  blocks(attribute: ScaleRuleBlock["attribute"]): IResolvable {
    return Lazy.anyValue({ produce: () => this.render(attribute) });
  }

  private render(attribute: ScaleRuleBlock["attribute"]): unknown[] | undefined {
    const names = this.names;
    const blocks = this.rules.map((rule, i) => rule.render(names[i]!)).filter((rendered) => rendered.attribute === attribute);
    if (blocks.length === 0) return undefined;
    const type = (rendered: ScaleRuleBlock) => (rendered.attribute === "custom_scale_rule" ? rendered.block.customRuleType : "");
    const ordered = blocks.map((rendered, i) => ({ rendered, i })).sort((a, b) => type(a.rendered).localeCompare(type(b.rendered)) || a.i - b.i);
    return ordered.map(({ rendered }) => TO_TERRAFORM[attribute](rendered.block as never));
  }
}

/** A valid rule name made of `base`: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit. */
export function cleanRuleName(base: string): string {
  return base.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "") || "rule";
}
