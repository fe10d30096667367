namespace Products.Api.Infrastructure.Demo;

/// <summary>A product of the demo catalog, with the colour its picture is drawn in (<c>#rrggbb</c>).</summary>
public sealed record DemoProduct(
    string Sku, string Name, string Description, string Category, decimal Price, int Stock, string Colour);

/// <summary>
/// The catalog a local run's shop starts with: six categories of five products, most in stock, two sold out and a few
/// almost, so that the shop shows every stock state.
/// </summary>
public static class DemoProducts
{
    public static IReadOnlyList<DemoProduct> All { get; } =
    [
        new("APP-TEE-RED", "Red Cotton T-shirt", "Soft combed cotton in a relaxed fit that keeps its shape wash after wash.", "apparel", 19.99m, 120, "#d7443e"),
        new("APP-TEE-NAVY", "Navy Striped T-shirt", "Breton stripes on heavyweight jersey, cut a little long.", "apparel", 24.00m, 85, "#2f4b7c"),
        new("APP-TEE-SAGE", "Sage Organic T-shirt", "Organic cotton dyed a quiet green; garment-washed for softness from day one.", "apparel", 22.50m, 0, "#7fa070"),
        new("APP-TEE-MUSTARD", "Mustard Pocket T-shirt", "A chest pocket, a boxy cut and a warm ochre that goes with denim.", "apparel", 21.00m, 3, "#e0a526"),
        new("APP-TEE-PLUM", "Plum Long-line T-shirt", "A longer back hem and dropped shoulders, in a deep plum.", "apparel", 26.00m, 64, "#7b3f6e"),

        new("SHO-RUN-BLUE", "Blue Trail Runner", "Grippy lugs, a rock plate and a breathable mesh upper for rough paths.", "shoes", 89.00m, 40, "#2e7fd1"),
        new("SHO-CANVAS-BLK", "Black Canvas Sneaker", "The classic low-top: cotton canvas, a vulcanised sole, white laces.", "shoes", 55.00m, 150, "#2d2f36"),
        new("SHO-ROAD-ORANGE", "Orange Road Runner", "A light, springy foam midsole for long runs on tarmac.", "shoes", 95.00m, 2, "#f26b21"),
        new("SHO-HIKER-BRN", "Brown Leather Hiker", "Waxed leather, a padded collar and a sole that holds on wet rock.", "shoes", 129.00m, 30, "#8b5a2b"),
        new("SHO-COURT-GRN", "Green Court Shoe", "A suede court shoe with a gum sole, made for weekends.", "shoes", 69.00m, 58, "#2f8f63"),

        new("KIT-MUG-TEAL", "Teal Stoneware Mug", "Hand-glazed stoneware that holds a generous 350 ml and keeps it warm.", "kitchen", 14.00m, 200, "#1f8a8a"),
        new("KIT-MUG-CORAL", "Coral Latte Mug", "A wide mouth for latte art and a handle that fits the whole hand.", "kitchen", 16.00m, 75, "#f0776a"),
        new("KIT-MUG-TRAVEL", "Charcoal Travel Mug", "Double-walled steel with a leak-proof lid; coffee stays hot for hours.", "kitchen", 24.00m, 60, "#3c4148"),
        new("KIT-MUG-SUN", "Sunflower Breakfast Mug", "A cheerful yellow mug, dishwasher and microwave safe.", "kitchen", 12.50m, 110, "#f2c230"),
        new("KIT-CUP-LILAC", "Lilac Espresso Cup", "A small thick-walled cup that keeps a double shot at its best.", "kitchen", 9.00m, 45, "#a48bd0"),

        new("BOO-NOVEL-SEA", "The Sea Between Us", "A novel of two lighthouse keepers and the letters that cross the strait.", "books", 16.99m, 90, "#2a6f97"),
        new("BOO-COOK-GREEN", "The Green Kitchen", "120 vegetable recipes for every season, from quick lunches to feasts.", "books", 29.00m, 35, "#4c9a2a"),
        new("BOO-HIST-MAPS", "A History of Maps", "From clay tablets to satellites: how people drew the world, richly illustrated.", "books", 34.00m, 0, "#9c2f2f"),
        new("BOO-KIDS-FOX", "The Fox Who Counted Stars", "A bedtime picture book about patience, curiosity and a very big sky.", "books", 12.99m, 140, "#e07b39"),
        new("BOO-SCI-ORBITS", "Orbits", "A pocket guide to the planets, moons and the paths they follow.", "books", 19.50m, 55, "#3b3f8f"),

        new("OUT-TENT-DOME2", "Two-Person Dome Tent", "Pitches in five minutes; two doors, two porches, one stuff sack.", "outdoor", 149.00m, 25, "#e2603b"),
        new("OUT-TENT-ULTRA", "Ultralight Trail Tent", "Under a kilo, pitched with trekking poles, for long days on foot.", "outdoor", 229.00m, 5, "#5aa469"),
        new("OUT-TENT-FAMILY", "Family Cabin Tent", "Room for six, standing height, and a dark bedroom for long mornings.", "outdoor", 289.00m, 28, "#3d7ab8"),
        new("OUT-TENT-PLAY", "Backyard Play Tent", "A bright pop-up den for the garden or the living room.", "outdoor", 59.00m, 70, "#f2b134"),
        new("OUT-TENT-ALPINE", "Alpine Storm Shelter", "A four-season shelter with a low profile that sheds wind and snow.", "outdoor", 179.00m, 32, "#b23a48"),

        new("GAM-DICE-CLASSIC", "Classic Dice Set", "Six rounded dice in a cotton pouch, for every game that needs a roll.", "games", 9.99m, 180, "#c8102e"),
        new("GAM-DICE-QUEST", "Adventurer's Dice", "Heavy resin dice for tabletop quests, with a felt tray.", "games", 19.00m, 95, "#5b2a86"),
        new("GAM-FIVE-DICE", "Five-Dice Family Game", "Roll, keep, roll again: the score pad game for the whole family.", "games", 24.99m, 4, "#0f7b6c"),
        new("GAM-DICE-GLOW", "Glow-in-the-dark Dice", "They charge in daylight and glow softly when the lights go out.", "games", 12.00m, 65, "#9bd34a"),
        new("GAM-RACE-HOME", "Race Home", "The board game of racing four pieces home, and sending others back.", "games", 29.00m, 48, "#1f5fa8"),
    ];
}
