/**
 * An Azure location in the short form the azurerm provider stores: "East US 2" and "eastus2" both give
 * "eastus2". Use it to compare locations and as the region name written into the pool contract.
 */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

/**
 * A sentence describing why `location` is not an Azure location name, or undefined when it looks like one.
 * Unresolved Terraform tokens are refused: constructs group resources by location at synth time.
 */
export function locationProblem(what: string, location: string): string | undefined {
  if (typeof location === "string" && /^[a-z0-9]+$/.test(normalizeLocation(location))) return undefined;
  const token = typeof location === "string" && location.includes("${") ? " (a literal name, not a Terraform token: resources are grouped by location at synth time)" : "";
  return `${what} must be an Azure location name such as "eastus2" or "East US 2"${token}; got ${JSON.stringify(location)}`;
}
