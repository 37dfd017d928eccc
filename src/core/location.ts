/** The day {@link AZURE_REGIONS} was taken from its source ({@link AZURE_REGIONS_SOURCE}). */
export const AZURE_REGIONS_AS_OF = "2026-03-12";

/** Where {@link AZURE_REGIONS} comes from, for messages. */
export const AZURE_REGIONS_SOURCE = "Azure Resource Manager locations API, as cached by Azure/terraform-azurerm-avm-utl-regions";

/**
 * Every physical region of the Azure public cloud, short name (what the azurerm provider stores) to display name.
 *
 * Source: the Azure Resource Manager response to `GET /subscriptions/{id}/locations?api-version=2023-07-01`, every
 * entry with `metadata.regionType` "Physical", as the Azure Verified Modules regions utility caches it weekly:
 * repository Azure/terraform-azurerm-avm-utl-regions, file `modules/cached-data/locations.tf.json`, last changed by
 * commit e9d62409c6fcc5554b60dd79cd60f55b344ad2f0 on 2026-03-12 ("feat: update data from Azure (#93)") and unchanged
 * at that repository's head of 2026-08-21 (9064b20bc601af2754cea78f25f7b6e22858ef24). Cross-checked with Microsoft
 * Learn's "Azure regions list" (MicrosoftDocs/reliability-docs, articles/reliability/regions-list.md, ms.date
 * 2025-09-23), which lists the same regions without the early-access (EUAP), staging (STG) and Jio India ones.
 * The azurerm provider (checked at v4.55.0 and v5.2.0) keeps no region list: it accepts any string as a location.
 *
 * Logical locations of the same response ("global", "europe", "unitedstates", ...) are not listed: resources are
 * not placed in them. Sovereign clouds (Azure Government, Azure operated by 21Vianet) are not listed either.
 * Regions open, so the list dates: a region opened after {@link AZURE_REGIONS_AS_OF} is refused until it is added.
 */
export const AZURE_REGIONS: Readonly<Record<string, string>> = {
  australiacentral: "Australia Central",
  australiacentral2: "Australia Central 2",
  australiaeast: "Australia East",
  australiasoutheast: "Australia Southeast",
  austriaeast: "Austria East",
  belgiumcentral: "Belgium Central",
  brazilsouth: "Brazil South",
  brazilsoutheast: "Brazil Southeast",
  canadacentral: "Canada Central",
  canadaeast: "Canada East",
  centralindia: "Central India",
  centralus: "Central US",
  centraluseuap: "Central US EUAP",
  chilecentral: "Chile Central",
  denmarkeast: "Denmark East",
  eastasia: "East Asia",
  eastus: "East US",
  eastus2: "East US 2",
  eastus2euap: "East US 2 EUAP",
  eastusstg: "East US STG",
  francecentral: "France Central",
  francesouth: "France South",
  germanynorth: "Germany North",
  germanywestcentral: "Germany West Central",
  indonesiacentral: "Indonesia Central",
  israelcentral: "Israel Central",
  italynorth: "Italy North",
  japaneast: "Japan East",
  japanwest: "Japan West",
  jioindiacentral: "Jio India Central",
  jioindiawest: "Jio India West",
  koreacentral: "Korea Central",
  koreasouth: "Korea South",
  malaysiawest: "Malaysia West",
  mexicocentral: "Mexico Central",
  newzealandnorth: "New Zealand North",
  northcentralus: "North Central US",
  northeurope: "North Europe",
  norwayeast: "Norway East",
  norwaywest: "Norway West",
  polandcentral: "Poland Central",
  qatarcentral: "Qatar Central",
  southafricanorth: "South Africa North",
  southafricawest: "South Africa West",
  southcentralus: "South Central US",
  southcentralusstg: "South Central US STG",
  southeastasia: "Southeast Asia",
  southindia: "South India",
  spaincentral: "Spain Central",
  swedencentral: "Sweden Central",
  switzerlandnorth: "Switzerland North",
  switzerlandwest: "Switzerland West",
  uaecentral: "UAE Central",
  uaenorth: "UAE North",
  uksouth: "UK South",
  ukwest: "UK West",
  westcentralus: "West Central US",
  westeurope: "West Europe",
  westindia: "West India",
  westus: "West US",
  westus2: "West US 2",
  westus3: "West US 3",
};

/**
 * An Azure location in the short form the azurerm provider stores: "East US 2" and "eastus2" both give
 * "eastus2". Use it to compare locations and as the region name written into the pool contract.
 */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

/** True when `location`, short ("eastus2") or display ("East US 2") name, is in {@link AZURE_REGIONS}. */
export function isAzureRegion(location: string): boolean {
  return typeof location === "string" && Object.hasOwn(AZURE_REGIONS, normalizeLocation(location));
}

/**
 * A sentence describing why `location` is not an Azure region, or undefined when it is one of {@link AZURE_REGIONS}
 * (short or display name). An unknown name gets the closest known names (edit distance, at most 3).
 * Unresolved Terraform tokens are refused: constructs group resources by location at synth time.
 */
export function locationProblem(what: string, location: string): string | undefined {
  if (typeof location !== "string" || !/^[a-z0-9]+$/.test(normalizeLocation(location))) {
    const token = typeof location === "string" && location.includes("${") ? " (a literal name, not a Terraform token: resources are grouped by location at synth time)" : "";
    const shape = `${what} must be an Azure location name such as "eastus2" or "East US 2"${token}; got ${JSON.stringify(location)}`;
    return typeof location === "string" && !token ? `${shape}${didYouMean(location)}` : shape;
  }
  if (isAzureRegion(location)) return undefined;
  const listed = `region list as of ${AZURE_REGIONS_AS_OF}, ${AZURE_REGIONS_SOURCE}`;
  const suggestion = didYouMean(location);
  if (suggestion) return `${what} ${JSON.stringify(location)} is not an Azure region${suggestion} (${listed})`;
  return (
    `${what} ${JSON.stringify(location)} is not an Azure public-cloud region (${listed}). ` +
    `Use a region's short name such as "eastus2" or its display name such as "East US 2": AZURE_REGIONS lists them, ` +
    `and "az account list-locations -o table" lists those your subscription can use`
  );
}

/** `; did you mean "a", "b" or "c"?` naming the regions closest to `location`, in its own form (short or display), or "". */
function didYouMean(location: string): string {
  const display = /[A-Z\s]/.test(location.trim());
  const names = closestRegions(location).map((name) => JSON.stringify(display ? AZURE_REGIONS[name] : name));
  if (names.length === 0) return "";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  return `; did you mean ${list}?`;
}

/**
 * Up to `limit` short names of {@link AZURE_REGIONS} closest to `location` (case, spaces and punctuation ignored):
 * those within an edit distance of a third of the name (at least 2) and at most one more than the nearest name's,
 * or, when none is that close, those that contain the name ("sweden" gives "swedencentral"); nearest first, ties in
 * list order.
 */
export function closestRegions(location: string, limit = 3): string[] {
  const given = location.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (given.length === 0) return [];
  const candidates = Object.keys(AZURE_REGIONS).map((name, index) => ({ name, index, distance: editDistance(given, name), contains: given.length >= 4 && name.includes(given) }));
  const nearest = Math.min(...candidates.map((candidate) => candidate.distance));
  const threshold = Math.min(Math.max(2, Math.floor(given.length / 3)), nearest + 1);
  const close = candidates.filter((candidate) => candidate.distance <= threshold);
  return (close.length > 0 ? close : candidates.filter((candidate) => candidate.contains))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, limit)
    .map((candidate) => candidate.name);
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two neighbours cost 1. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[a.length][b.length];
}
