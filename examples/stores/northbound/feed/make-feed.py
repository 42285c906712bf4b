# Writes northbound-products.csv, a Shopify products export for the Northbound example store.
# Kept beside the CSV so the feed can be regenerated; the CSV is what store:import reads.
import csv

HEAD = ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
        "Option1 Name", "Option1 Value", "Variant SKU", "Variant Inventory Tracker", "Variant Inventory Qty",
        "Variant Inventory Policy", "Variant Price", "Image Src", "Rating (product.metafields.reviews.rating)",
        "Warranty months (product.metafields.custom.warranty_months)", "Status"]

# type, handle, title, vendor, price, qty, rating, warranty, tags, description, [(option name, [(value, sku, price, qty)])]
P = []
def add(type_, sku, title, vendor, price, desc, tags, qty=8, rating="", warranty="", options=None):
    P.append((type_, sku, title, vendor, price, desc, tags, qty, rating, warranty, options))

# Kayaks
add("Kayaks", "KY-1001", "Riverbend 10 Recreational Kayak", "Eddyline Works", 899, "<p>Stable 10 ft sit-in kayak for calm rivers and lakes, with a padded seat and a dry hatch.</p>", "river, lake, recreational, beginner", rating="4.6")
add("Kayaks", "KY-1002", "Whitewater Pro 8 Kayak", "Eddyline Works", 1349, "<p>Short, rockered <strong>whitewater kayak</strong> for class II-IV rapids, with thigh braces and a rounded hull.</p>", "whitewater, river, rapids, advanced", rating="4.7")
add("Kayaks", "KY-1003", "Seaway 14 Touring Kayak", "Tidewater", 1899, "<p>14 ft touring kayak with a rudder and two sealed hatches for multi-day coastal trips.</p>", "touring, sea, coastal, expedition", qty=0, rating="4.8")
add("Kayaks", "KY-1004", "Packraft Lite Inflatable Kayak", "Tidewater", 649, "<p>Inflatable one-person packraft that rolls into a backpack; 3.2 kg.</p>", "inflatable, packraft, lightweight, river, backpacking", rating="4.3")
add("Kayaks", "KY-1005", "Duo Fishing Sit-On-Top Kayak", "Tidewater", 1099, "<p>Tandem sit-on-top kayak with rod holders and a stable flat hull.</p>", "tandem, fishing, sit-on-top, lake", rating="4.4")
# Paddles & PFDs
add("Paddles & PFDs", "PD-1101", "Carbon Touring Paddle 220 cm", "Eddyline Works", 329, "<p>Light carbon two-piece kayak paddle with adjustable feather.</p>", "paddle, carbon, touring, lightweight", rating="4.7")
add("Paddles & PFDs", "PD-1102", "Aluminium Paddle 230 cm", "Eddyline Works", 69, "<p>Durable aluminium shaft kayak paddle with polypropylene blades.</p>", "paddle, budget, beginner", rating="4.1")
add("Paddles & PFDs", "PD-1103", "Current Buoyancy Aid PFD", "Tidewater", 139, "<p>Transport Canada approved buoyancy aid with a front pocket, for kayaking and canoeing.</p>", "pfd, life jacket, buoyancy aid, safety", rating="4.5",
    options=("Size", [("S/M", "PD-1103-SM", 139, 5), ("L/XL", "PD-1103-LX", 139, 6)]))
# Tents
add("Tents", "TN-1201", "Ridgeline 2 Backpacking Tent", "Nordlys", 449, "<p>Freestanding two-person, three-season tent, 1.6 kg, with two doors and vestibules.</p>", "backpacking, lightweight, 2 person, three-season", rating="4.7")
add("Tents", "TN-1202", "Basecamp 4 Family Tent", "Nordlys", 599, "<p>Four-person tent with a tall centre and a large porch for car camping.</p>", "family, car camping, 4 person", rating="4.4")
add("Tents", "TN-1203", "Polar Dome 3 Four-Season Tent", "Nordlys", 899, "<p>Four-season dome tent for snow and wind, with snow flaps and a strong aluminium frame.</p>", "winter, four-season, mountaineering, snow", qty=0, rating="4.8")
add("Tents", "TN-1204", "Solo Trek 1 Ultralight Tent", "Featherline", 379, "<p>One-person trekking-pole tent weighing 780 g.</p>", "ultralight, solo, 1 person, thru-hiking", rating="4.5")
add("Tents", "TN-1205", "Tarp Shelter 3x3 m", "Featherline", 119, "<p>Silnylon tarp with 16 tie-outs for hammocks and minimalist camping.</p>", "tarp, shelter, hammock, minimalist", rating="4.3")
# Sleeping Bags
add("Sleeping Bags", "SB-1301", "Aurora -10 Down Sleeping Bag", "Nordlys", 479, "<p>Mummy bag with 800-fill down, comfort rated to -10 °C (14 °F).</p>", "down, winter, cold weather, minus 10, mummy", rating="4.8",
    options=("Length", [("Regular", "SB-1301-R", 479, 4), ("Long", "SB-1301-L", 509, 2)]))
add("Sleeping Bags", "SB-1302", "Summit -20 Expedition Sleeping Bag", "Nordlys", 749, "<p>Expedition down bag comfort rated to -20 °C for winter camping and high peaks.</p>", "down, expedition, winter, minus 20, extreme cold", rating="4.9")
add("Sleeping Bags", "SB-1303", "Trailhead +5 Synthetic Sleeping Bag", "Featherline", 149, "<p>Synthetic three-season bag comfort rated to +5 °C that stays warm when damp.</p>", "synthetic, three-season, budget, summer", rating="4.3")
add("Sleeping Bags", "SB-1304", "Featherlite 0 Quilt", "Featherline", 339, "<p>Down backpacking quilt rated to 0 °C, 560 g.</p>", "quilt, ultralight, down, backpacking", rating="4.6")
add("Sleeping Bags", "SB-1305", "Campfire Kids Sleeping Bag", "Nordlys", 69, "<p>Warm synthetic bag for kids up to 150 cm, rated to +7 °C.</p>", "kids, children, synthetic, camping", rating="4.2")
# Sleeping Pads
add("Sleeping Pads", "SP-1401", "Trailrest Insulated Air Pad R4.2", "Featherline", 189, "<p>Insulated inflatable sleeping pad, R-value 4.2, 7 cm thick.</p>", "air pad, insulated, r-value, three-season", rating="4.5")
add("Sleeping Pads", "SP-1402", "Closed-Cell Foam Pad", "Featherline", 49, "<p>Folding closed-cell foam pad that never punctures, R-value 2.</p>", "foam, budget, durable", rating="4.0")
add("Sleeping Pads", "SP-1403", "Winter Air Pad R7", "Nordlys", 259, "<p>Four-season insulated air pad with R-value 7 for sleeping on snow.</p>", "winter, snow, insulated, r-value", rating="4.7")
# Backpacks
add("Backpacks", "BP-1501", "Ascent 65 Trekking Backpack", "Ridgecraft", 329, "<p>65 litre trekking backpack with an adjustable back system and a rain cover.</p>", "trekking, multi-day, 65 litre, hiking", rating="4.6",
    options=("Back length", [("Regular", "BP-1501-R", 329, 5), ("Long", "BP-1501-L", 329, 3)]))
add("Backpacks", "BP-1502", "Daytrip 28 Hiking Daypack", "Ridgecraft", 119, "<p>28 litre daypack with a hydration sleeve and hip belt pockets.</p>", "daypack, day hike, 28 litre", rating="4.5")
add("Backpacks", "BP-1503", "Camera Trek 30 Photo Backpack", "Lumen & Co", 249, "<p>Hiking backpack with a padded camera compartment for a body and three lenses, and a tripod holder.</p>", "camera bag, photography, hiking, tripod", rating="4.6")
add("Backpacks", "BP-1504", "Ultralight 40 Frameless Pack", "Featherline", 229, "<p>Frameless 40 litre pack, 620 g, for fast and light trips.</p>", "ultralight, frameless, thru-hiking", qty=0, rating="4.4")
# Camp Stoves
add("Camp Stoves", "ST-1601", "Jetflame Canister Stove System", "Ridgecraft", 169, "<p>Integrated canister stove that boils 1 litre in 3 minutes, with a 1 L pot.</p>", "stove, canister, backpacking, boil", rating="4.7")
add("Camp Stoves", "ST-1602", "Multifuel Expedition Stove", "Ridgecraft", 229, "<p>Liquid fuel stove that burns white gas, kerosene and diesel, for cold and remote trips.</p>", "multifuel, expedition, winter, liquid fuel", rating="4.6")
add("Camp Stoves", "ST-1603", "Two-Burner Camp Stove", "Ridgecraft", 149, "<p>Propane two-burner stove for car camping with wind guards.</p>", "car camping, propane, two burner, family", rating="4.4")
add("Camp Stoves", "ST-1604", "Titanium Pot Set 900 ml", "Featherline", 79, "<p>Titanium pot and lid with folding handles, 110 g.</p>", "cookware, titanium, ultralight, pot", rating="4.5")
# Headlamps
add("Headlamps", "HL-1701", "Beacon 400 Rechargeable Headlamp", "Lumen & Co", 59, "<p>400 lumen USB-C rechargeable headlamp with a red light mode, IPX4.</p>", "headlamp, rechargeable, red light", rating="4.5")
add("Headlamps", "HL-1702", "Beacon 900 Trail Running Headlamp", "Lumen & Co", 119, "<p>900 lumen headlamp with reactive lighting and a rear battery, for running and ski touring.</p>", "headlamp, running, bright, reactive", rating="4.6")
add("Headlamps", "HL-1703", "Camp Lantern 300", "Lumen & Co", 45, "<p>Collapsible rechargeable lantern, 300 lumens, doubles as a power bank.</p>", "lantern, camping, power bank", rating="4.3")
# GPS Units
add("GPS Units", "GP-1801", "Trailmark 66 Handheld GPS", "Trailmark", 499, "<p>Handheld GPS with preloaded Canadian topo maps, a 3-axis compass and a 35 hour battery.</p>", "gps, handheld, topo maps, navigation, hiking", rating="4.6")
add("GPS Units", "GP-1802", "Trailmark Messenger Satellite Communicator", "Trailmark", 399, "<p>Two-way satellite messenger with SOS and tracking, works beyond cell coverage.</p>", "satellite, sos, messenger, safety, backcountry", rating="4.7")
add("GPS Units", "GP-1803", "Trailmark Summit GPS Watch", "Trailmark", 649, "<p>Multisport GPS watch with maps, altimeter and a 2 week battery.</p>", "gps watch, altimeter, multisport", rating="4.5")
add("GPS Units", "GP-1804", "Baseplate Compass with Mirror", "Trailmark", 49, "<p>Sighting mirror compass with adjustable declination.</p>", "compass, navigation, map", rating="4.6")
# Film
add("Film", "FM-1901", "Portra 400 Colour Negative Film 35mm", "Kodak", 21, "<p>Professional ISO 400 colour negative film with fine grain and natural skin tones.</p>", "35mm, colour, iso 400, portrait", qty=40, rating="4.9",
    options=("Exposures", [("36 exp", "FM-1901-36", 21, 40), ("3-pack", "FM-1901-3P", 59, 15)]))
add("Film", "FM-1902", "Tri-X 400 Black and White Film 35mm", "Kodak", 15, "<p>Classic ISO 400 black and white film, forgiving and easy to push.</p>", "35mm, black and white, iso 400, classic", qty=30, rating="4.8")
add("Film", "FM-1903", "Ektar 100 Colour Film 120", "Kodak", 16, "<p>ISO 100 medium format colour film with vivid saturation for landscapes.</p>", "120, medium format, colour, landscape, iso 100", qty=20, rating="4.7")
add("Film", "FM-1904", "HP5 Plus 400 Black and White Film 120", "Ilford", 11, "<p>ISO 400 black and white medium format film.</p>", "120, medium format, black and white", qty=25, rating="4.7")
add("Film", "FM-1905", "Instax Mini Instant Film Twin Pack", "Fujifilm", 24, "<p>20 shots of instant film for Instax Mini cameras.</p>", "instant, instax, party", qty=50, rating="4.6")
add("Film", "FM-1906", "CineStill 800T Tungsten Film 35mm", "CineStill", 24, "<p>ISO 800 tungsten-balanced colour film for night and low light.</p>", "35mm, night, low light, tungsten, iso 800", qty=0, rating="4.6")
# Film Cameras
add("Film Cameras", "FC-2001", "Refurbished Canon AE-1 Program", "Canon", 449, "<p>Serviced 35mm SLR with a 50mm f/1.8 lens, new light seals, tested with film.</p>", "35mm, slr, refurbished, used, canon fd", qty=2, rating="4.7")
add("Film Cameras", "FC-2002", "Refurbished Pentax K1000", "Pentax", 349, "<p>Fully mechanical 35mm SLR with a 50mm f/2 lens, ideal for learning.</p>", "35mm, slr, refurbished, used, mechanical, beginner", qty=1, rating="4.6")
add("Film Cameras", "FC-2003", "Instax Mini 12 Instant Camera", "Fujifilm", 109, "<p>Point-and-shoot instant camera with automatic exposure.</p>", "instant, instax, gift", rating="4.5")
add("Film Cameras", "FC-2004", "Refurbished Mamiya RB67 Medium Format Kit", "Mamiya", 1199, "<p>Medium format 6x7 studio camera with a 90mm lens and a 120 back.</p>", "medium format, 120, refurbished, used, studio", qty=0, rating="4.8")
add("Film Cameras", "FC-2005", "Reusable 35mm Point and Shoot", "Lumen & Co", 39, "<p>Simple reusable 35mm camera with flash.</p>", "35mm, point and shoot, beginner, budget", rating="4.0")
# Digital Cameras
add("Digital Cameras", "DC-2101", "Lumix G9 Mirrorless Camera Body", "Panasonic", 1499, "<p>20 MP micro four thirds body with in-body stabilisation and weather sealing.</p>", "mirrorless, weather sealed, micro four thirds, wildlife", rating="4.7")
add("Digital Cameras", "DC-2102", "Alpha 7 IV Full-Frame Mirrorless Body", "Sony", 3299, "<p>33 MP full-frame mirrorless camera with 4K video and eye autofocus.</p>", "full frame, mirrorless, 4k, video, professional", rating="4.8")
add("Digital Cameras", "DC-2103", "X100V Compact Camera", "Fujifilm", 1899, "<p>Fixed 23mm f/2 lens compact with film simulations, for travel and street photography.</p>", "compact, travel, street, film simulation", qty=0, rating="4.8")
add("Digital Cameras", "DC-2104", "Tough TG-7 Waterproof Camera", "OM System", 649, "<p>Waterproof to 15 m, shockproof and crushproof compact for kayaking and snorkelling.</p>", "waterproof, rugged, kayaking, snorkelling, adventure", rating="4.6")
add("Digital Cameras", "DC-2105", "Action Cam 12 Black", "GoPro", 529, "<p>5.3K action camera with stabilisation, waterproof to 10 m, with a helmet mount.</p>", "action camera, waterproof, helmet, video", rating="4.5")
add("Digital Cameras", "DC-2106", "EOS R50 Mirrorless Kit with 18-45mm", "Canon", 1049, "<p>Beginner-friendly 24 MP mirrorless camera with a kit lens and guided menus.</p>", "mirrorless, beginner, kit, vlogging", rating="4.5")
# Lenses
add("Lenses", "LN-2201", "FE 70-300mm f/4.5-5.6 G Lens", "Sony", 1399, "<p>Telephoto zoom for Sony E-mount, for wildlife and sport.</p>", "telephoto, zoom, wildlife, sony e-mount", rating="4.6")
add("Lenses", "LN-2202", "RF 50mm f/1.8 STM Lens", "Canon", 259, "<p>Compact fast prime for Canon RF mount, great for portraits.</p>", "prime, portrait, canon rf, fast", rating="4.7")
add("Lenses", "LN-2203", "Leica DG 12-60mm Lens", "Panasonic", 1099, "<p>Weather-sealed standard zoom for micro four thirds.</p>", "zoom, weather sealed, micro four thirds, travel", rating="4.6")
add("Lenses", "LN-2204", "XF 16mm f/2.8 Wide Lens", "Fujifilm", 449, "<p>Small weather-resistant wide angle for Fujifilm X mount, for landscapes.</p>", "wide angle, landscape, fujifilm x", rating="4.5")
add("Lenses", "LN-2205", "Refurbished Canon FD 28mm f/2.8", "Canon", 119, "<p>Serviced wide-angle manual lens for Canon FD film cameras such as the AE-1.</p>", "canon fd, manual, refurbished, used, wide angle, film", qty=3, rating="4.4")
# Tripods
add("Tripods", "TR-2301", "Carbon Traveller Tripod", "Lumen & Co", 429, "<p>Carbon fibre travel tripod, 1.3 kg, folds to 40 cm, with a ball head.</p>", "carbon, travel, lightweight, ball head", rating="4.7")
add("Tripods", "TR-2302", "Aluminium Studio Tripod", "Lumen & Co", 159, "<p>Sturdy aluminium tripod with a three-way pan head.</p>", "aluminium, studio, budget", rating="4.3")
add("Tripods", "TR-2303", "Flexi Mini Tripod", "Lumen & Co", 39, "<p>Bendable mini tripod that wraps around branches, for phones and compacts.</p>", "mini, flexible, phone, action camera", rating="4.4")
# Binoculars
add("Binoculars", "BN-2401", "Vista 8x42 ED Binoculars", "Trailmark", 389, "<p>Waterproof 8x42 binoculars with ED glass, for birding and hiking.</p>", "binoculars, birding, waterproof, 8x42", rating="4.7")
add("Binoculars", "BN-2402", "Pocket 10x25 Binoculars", "Trailmark", 129, "<p>Compact folding 10x25 binoculars for hiking and travel.</p>", "binoculars, compact, pocket, travel", rating="4.3")
add("Binoculars", "BN-2403", "Marine 7x50 Binoculars with Compass", "Trailmark", 299, "<p>Floating waterproof 7x50 binoculars with a built-in compass, for boating and kayaking.</p>", "binoculars, marine, waterproof, compass, kayaking", rating="4.5")
# Jackets
add("Outerwear", "OW-2501", "Stormline 3L Shell Jacket", "Ridgecraft", 429, "<p>Three-layer waterproof breathable shell for hiking and paddling.</p>", "rain jacket, waterproof, shell, hiking", rating="4.6",
    options=("Size", [("M", "OW-2501-M", 429, 4), ("L", "OW-2501-L", 429, 3), ("XL", "OW-2501-XL", 429, 0)]))
add("Outerwear", "OW-2502", "Loft 800 Down Jacket", "Nordlys", 349, "<p>Packable 800-fill down jacket for cold camp evenings.</p>", "down jacket, insulated, packable, winter", rating="4.7",
    options=("Size", [("M", "OW-2502-M", 349, 6), ("L", "OW-2502-L", 349, 2)]))
add("Outerwear", "OW-2503", "Paddle Splash Top", "Tidewater", 159, "<p>Waterproof splash top with neoprene cuffs for kayaking.</p>", "kayaking, splash top, paddling, waterproof", rating="4.4")
# Gift cards
add("Gift Cards", "GC-2601", "Northbound Gift Card", "Northbound", 50, "<p>A digital gift card for anything in the store.</p>", "gift, gift card, voucher", qty=999,
    options=("Amount", [("$50", "GC-2601-50", 50, 999), ("$100", "GC-2601-100", 100, 999)]))

rows = []
for (type_, sku, title, vendor, price, desc, tags, qty, rating, warranty, options) in P:
    handle = title.lower().replace(" ", "-").replace("/", "-").replace(".", "").replace("'", "")
    base = {h: "" for h in HEAD}
    base.update({"Handle": handle, "Title": title, "Body (HTML)": desc, "Vendor": vendor, "Type": type_, "Tags": tags,
                 "Published": "true", "Status": "active", "Image Src": f"https://cdn.northbound.example/{sku.lower()}.jpg",
                 "Rating (product.metafields.reviews.rating)": rating,
                 "Warranty months (product.metafields.custom.warranty_months)": warranty})
    variants = options[1] if options else [("Default Title", sku, price, qty)]
    for i, (value, vsku, vprice, vqty) in enumerate(variants):
        row = dict(base) if i == 0 else {h: "" for h in HEAD} | {"Handle": handle}
        row.update({"Option1 Name": (options[0] if options else "Title") if i == 0 else "", "Option1 Value": value,
                    "Variant SKU": vsku, "Variant Inventory Tracker": "shopify", "Variant Inventory Qty": str(vqty),
                    "Variant Inventory Policy": "deny", "Variant Price": f"{vprice:.2f}"})
        rows.append(row)

with open("northbound-products.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=HEAD)
    w.writeheader()
    w.writerows(rows)
print(len(rows), "rows")
