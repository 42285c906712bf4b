/**
 * Concept lexicons: groups of words and phrases that mean the same thing to a retail
 * router. A message that mentions any of them gets a `c:<CONCEPT>` feature, so the
 * classifier learns "a product noun" or "a refund cue" once from a handful of examples
 * instead of needing an example for every kettle, protein powder or pillow.
 *
 * The lexicons carry no routing decision themselves: which skill a concept points to is
 * learned from the skills' examples, so a new skill folder still works without code.
 * Entries are matched after normalisation (lower case, no accents, light stemming),
 * multi-word entries as phrases. English first, with common Spanish, German, French and
 * romanised Hindi forms, since shoppers write in all of them.
 */
export const CONCEPTS: Record<string, readonly string[]> = {
  /** Things a general retailer sells: kitchen, electronics, furniture and bedding, apparel, sports, personal care, supplements, toys. */
  PRODUCT: [
    // a catalogue code, as normalize.ts rewrites it
    'skucode',
    // kitchen
    'blender', 'mixer', 'stand mixer', 'hand mixer', 'mixer grinder', 'food processor', 'juicer', 'kettle', 'toaster',
    'microwave', 'air fryer', 'airfryer', 'fryer', 'multicooker', 'pressure cooker', 'slow cooker', 'rice cooker',
    'coffee maker', 'coffee machine', 'espresso machine', 'grinder', 'frying pan', 'pans', 'saucepan', 'wok',
    'cookware', 'knife', 'knives', 'knife set', 'cutlery', 'chopping board', 'dinner set', 'mugs',
    'water bottle', 'flask', 'lunch box', 'fridge', 'refrigerator', 'freezer', 'dishwasher', 'washing machine', 'dryer',
    'tumble dryer', 'steam iron', 'vacuum', 'vacuum cleaner', 'hoover', 'robot vacuum', 'mop', 'air purifier',
    'humidifier', 'dehumidifier', 'air conditioner', 'induction', 'hob', 'chimney', 'water purifier',
    // electronics
    'laptop', 'notebook', 'desktop', 'macbook', 'chromebook', 'ipad', 'smartphone',
    'iphone', 'android', 'headphones', 'headphone', 'headset', 'earbuds', 'earphones', 'airpods',
    'soundbar', 'bluetooth speaker', 'smart tv', 'projector', 'webcam', 'dslr',
    'power bank', 'smartwatch', 'smart watch', 'fitness tracker', 'fitness band',
    'playstation', 'xbox', 'nintendo switch', 'router', 'printer', 'hard drive', 'ssd', 'usb stick',
    'memory card', 'e reader', 'heart rate monitor', 'dvd player', 'record player', 'gas stove', 'gas hob',
    'school shoes', 'school bag', 'kindle', 'drone', 'gaming laptop',
    // furniture and bedding
    'mattress', 'mattresses', 'matress', 'mattres', 'topper', 'mattress topper', 'pillow', 'pillows', 'cushion', 'cushions',
    'bolster', 'duvet cover', 'mattress cover', 'bed frame', 'bunk bed', 'crib', 'duvet', 'quilt', 'comforter', 'blanket', 'weighted blanket',
    'bedsheet', 'bed sheet', 'bedding', 'pillowcase', 'mattress protector', 'sofa', 'couch', 'sofa bed',
    'recliner', 'armchair', 'chair', 'office chair', 'gaming chair', 'desk', 'standing desk', 'dining table',
    'coffee table', 'wardrobe', 'dresser', 'drawers', 'chest of drawers', 'bookshelf', 'shelves', 'tv stand',
    'lamp', 'rug', 'carpet', 'curtains',
    // apparel
    'shirt', 't shirt', 'tshirt', 'blouse', 'jeans', 'trousers', 'pants', 'shorts', 'leggings', 'skirt',
    'jacket', 'coat', 'raincoat', 'rain jacket', 'hoodie', 'sweater', 'jumper', 'cardigan', 'blazer',
    'shoes', 'shoe', 'sneakers', 'running shoes', 'sandals', 'slippers', 'heels', 'socks', 'underwear',
    'bra', 'pyjamas', 'pajamas', 'swimsuit', 'hat', 'scarf', 'gloves', 'backpack', 'handbag',
    'wallet', 'suitcase', 'luggage', 'sportswear', 'tracksuit', 'kurta', 'saree',
    // sports and fitness
    'treadmill', 'exercise bike', 'spin bike', 'cross trainer', 'elliptical', 'rowing machine', 'dumbbell', 'dumbbells',
    'dumbell', 'kettlebell', 'barbell', 'weight plates', 'bench press', 'resistance band', 'resistance bands',
    'yoga mat', 'skipping rope', 'pull up bar', 'gym equipment', 'home gym', 'gym gloves', 'bike', 'bicycle',
    'helmet', 'soccer ball', 'cricket bat', 'racket', 'racquet', 'tennis racket',
    'badminton', 'golf clubs', 'tent', 'sleeping bag', 'hiking boots', 'swimming goggles', 'skateboard',
    // personal care and beauty
    'shampoo', 'conditioner', 'hair oil', 'hair serum', 'hair mask', 'face wash', 'cleanser', 'moisturiser', 'moisturizer',
    'sunscreen', 'sunblock', 'serum', 'lotion', 'body lotion', 'face cream', 'body wash', 'deodorant',
    'perfume', 'makeup', 'lipstick', 'foundation', 'trimmer', 'beard trimmer', 'shaver', 'razor', 'epilator', 'hair dryer',
    'straightener', 'curler', 'hairdryer', 'blow dryer', 'toothbrush', 'electric toothbrush', 'toothpaste', 'massager', 'massage gun',
    // supplements and nutrition
    'supplement', 'supplements', 'protein powder', 'whey', 'whey protein', 'isolate', 'whey isolate',
    'casein', 'plant protein', 'vegan protein', 'soy protein', 'mass gainer', 'weight gainer', 'gainer', 'creatine',
    'creatine monohydrate', 'bcaa', 'eaa', 'glutamine', 'pre workout', 'preworkout', 'post workout', 'fat burner',
    'l carnitine', 'carnitine', 'cla', 'multivitamin', 'multi vitamin',
    'omega 3', 'fish oil', 'biotin', 'glucosamine',
    'iron tablets', 'ashwagandha', 'shilajit',
   
    'protein bar', 'protein bars', 'energy bar',
    'capsules', 'gummies', 'shaker', 'sipper', 'testosterone booster',
    'nitric oxide', 'arginine', 'l arginine', 'citrulline', 'beta alanine', 'ayurvedic', 'chyawanprash',
    // toys, baby and kids
    'toy', 'toys', 'lego', 'building blocks', 'doll', 'dolls', 'jigsaw', 'board game', 'board games',
    'action figure', 'teddy', 'soft toy', 'plush', 'rc car', 'remote control car', 'play kitchen', 'train set',
    'stroller', 'pram', 'car seat', 'high chair', 'baby monitor',
    // multilingual
    'colchon', 'almohada', 'auriculares', 'licuadora', 'zapatillas', 'zapatos', 'chaqueta', 'portatil', 'ordenador',
    'juguete', 'juguetes', 'cafetera', 'aspiradora', 'sofa cama', 'matratze', 'kissen', 'kopfkissen', 'kopfhorer',
    'wasserkocher', 'staubsauger', 'schuhe', 'jacke', 'fernseher', 'spielzeug', 'kaffeemaschine',
    'proteinpulver', 'eiweiss', 'matelas', 'oreiller', 'casque', 'ecouteurs', 'bouilloire', 'aspirateur', 'chaussures',
    'veste', 'ordinateur', 'jouet', 'jouets', 'canape', 'cafetiere', 'mixeur', 'proteine',
    'freidora', 'freidora de aire', 'batidora', 'nevera', 'lavadora', 'silla', 'silla de oficina', 'bicicleta', 'reloj',
    'movil', 'camiseta', 'pantalones', 'vestido', 'mochila', 'zapatillas de correr', 'almohadas', 'colchones',
    'burostuhl', 'stuhl', 'fahrrad', 'handy', 'pullover', 'kleid', 'rucksack', 'laufschuhe', 'waschmaschine',
    'heissluftfritteuse', 'toaster', 'mixer', 'bett', 'grille pain', 'chaise', 'chaise de bureau', 'velo', 'montre',
    'pantalon', 'robe', 'sac a dos', 'friteuse', 'lave linge', 'chaussures de course', 'telephone portable',
    'materasso', 'cuscino', 'frullatore', 'scarpe', 'giacca', 'cuffie', 'aspirapolvere', 'bollitore', 'divano', 'sedia',
    'giocattolo', 'proteine', 'colchao', 'travesseiro', 'liquidificador', 'sapatos', 'tenis', 'jaqueta', 'fones',
    'aspirador', 'chaleira', 'cadeira', 'brinquedo', 'proteina',
  ],
  /**
   * Things the store sells whose names are everyday words too ("watch", "table", "fan",
   * "protein"): a weaker signal than PRODUCT, learned separately.
   */
  ITEM: [
    'watch', 'fan', 'iron', 'mouse', 'table', 'bed', 'cycle', 'football', 'basketball', 'bat',
    'cap', 'top', 'suit', 'tee', 'dress', 'bag', 'pot', 'pan', 'bench', 'mat',
    'glasses', 'plates', 'cable', 'speaker', 'monitor', 'tablet', 'tablets', 'console', 'mobile', 'pc',
    'tv', 'television', 'keyboard', 'powder', 'cream', 'soap', 'protein', 'vitamin', 'vitamins', 'calcium',
    'keto', 'cot', 'shelf', 'mirror', 'stool', 'oven', 'stove', 'puzzle', 'trainers', 'boots',
    'belt', 'sheets', 'phone', 'computer', 'camera', 'charger', 'scooter', 'heater', 'weights',
    'oats', 'muesli', 'granola', 'peanut butter', 'green tea', 'herbal tea', 'green coffee', 'turmeric', 'curcumin', 'spirulina', 'moringa', 'amla', 'flaxseed', 'apple cider vinegar', 'energy drink', 'magnesium', 'zinc', 'vitamin c', 'vitamin d', 'vitamin b12', 'b12', 'omega', 'melatonin', 'collagen', 'probiotic', 'probiotics', 'electrolyte', 'electrolytes',
  ],
  /** Well-known brands and product lines a general retailer carries: a bare brand name is a product question. */
  BRAND: [
    'optimum nutrition', 'gold standard', 'dymatize', 'muscletech', 'nitro tech', 'myprotein', 'bsn', 'isopure',
    'gnc', 'muscleblaze', 'ultimate nutrition', 'labrada', 'cellucor', 'centrum', 'himalaya',
    'garden of life', 'nature made', 'ninja', 'instant pot', 'kitchenaid', 'nutribullet', 'breville', 'delonghi',
    'nespresso', 'philips', 'braun', 'dyson', 'bosch', 'samsung', 'lg', 'sony', 'bose', 'jbl', 'sennheiser',
    'google pixel', 'oneplus', 'xiaomi', 'lenovo', 'dell', 'hp', 'asus', 'acer', 'garmin', 'fitbit',
    'nike', 'adidas', 'puma', 'reebok', 'asics', 'new balance', 'under armour', 'decathlon', 'lego', 'barbie',
    'hasbro', 'mattel', 'playmobil', 'hot wheels', 'nerf', 'tempur', 'simba', 'casper', 'ikea',
    'sleepwell', 'wakefit', 'duroflex', 'oral b', 'gillette', 'loreal', 'nivea', 'neutrogena', 'cetaphil',
    'the ordinary',
  ],
  /** Attributes people compare or choose by. */
  ATTRIBUTE: [
    'size chart',
    'dims', 'king size', 'queen size',
    'super king', 'firmness', 'medium firm',
    'memory foam', 'foam', 'latex', 'pocket spring', 'orthopedic', 'orthopaedic', 'ortho', 'ergo',
    'ergonomic', 'lumbar', 'variant', 'variants',
   
    'battery life',
    'flavour', 'flavor', 'flavours', 'unflavoured', 'sugar free', 'lactose free',
    'gluten free', 'custom size', 'customise', 'customize', 'customised', 'customized', 'in stock',
    'out of stock',
    'talla', 'tamano', 'grosse', 'groesse', 'farbe', 'taille', 'couleur',
    'bed size', 'mattress size', 'which size', 'what size', 'size guide', 'size chart', 'shoe size', 'waist size', 'single bed', 'double bed', 'king size bed', 'queen size bed', 'available sizes', 'sizes available', 'other colours', 'other sizes',
    'side effect', 'side effects', 'ingredients', 'ingredient', 'dosage', 'dose', 'safe to take', 'how to take',
    'how to use', 'contains', 'allergic', 'nutrition facts', 'per serving', 'servings',
  ],
  /** Everyday words for sizes and specifications: product talk in context, general talk elsewhere. */
  SPEC: [
    'size', 'sizes', 'sizing', 'dimension', 'dimensions', 'measurement', 'measurements', 'length', 'width', 'height of the',
    'inches', 'inch', 'feet', 'ft', 'cm', 'mm', 'king', 'queen', 'single', 'double',
    'twin', 'thickness', 'thick', 'firm', 'soft', 'spring', 'hybrid', 'colour', 'color', 'colours',
    'model', 'models', 'version', 'feature', 'features', 'spec', 'specs', 'specification', 'specifications', 'material',
    'fabric', 'cotton', 'wool', 'leather', 'waterproof', 'wireless', 'cordless', 'capacity', 'litre', 'watt',
    'wattage', 'ram', 'storage', 'screen', 'chocolate', 'vanilla', 'vegan', 'custom', 'range', 'collection',
    'brand', 'brands', 'large', 'small', 'medium', 'xl', 'xxl',
  ],
  /** Asking for advice or a choice between things. */
  RECOMMEND: [
    'recommend', 'recommendation', 'recommendations', 'recomend', 'reccomend', 'suggest', 'suggestion', 'suggestions',
    'advise me', 'advice on which', 'best', 'the best', 'good for', 'better', 'which one', 'which is better', 'which is best',
    'compare', 'comparison', 'difference', 'differences', 'different from', 'vs', 'versus', 'choose',
    'choosing', 'pick', 'help me choose', 'help me pick', 'looking for', 'searching for', 'in the market for',
    'options for', 'alternative', 'alternatives', 'worth it', 'suitable', 'top rated', 'popular', 'good one',
    'shopping for', 'gift', 'gift for', 'present for', 'budget', 'cheapest', 'affordable', 'good', 'decent', 'ideal', 'perfect for', 'right for me',
    'price of', 'how much is', 'how much does', 'cost of', 'do you have', 'do you sell', 'do you stock', 'have you got',
    'show me', 'i want to buy', 'i need to buy', 'want to buy', 'buy a', 'purchase', 'new one',
    'recomendar', 'recomiendas', 'recomienda', 'recomendacion', 'mejor', 'busco', 'cual', 'empfehlen', 'empfehlung',
    'empfiehlst', 'beste', 'welche', 'welcher', 'welches', 'suche', 'recommander', 'recommandez', 'conseiller',
    'conseillez', 'meilleur', 'meilleure', 'quel', 'quelle', 'je cherche', 'chahiye', 'konsa', 'kaunsa', 'accha',
    'achha', 'sabse accha', 'batao',
    'consigli', 'consigliare', 'consiglia', 'consigliate', 'migliore', 'quale', 'cerco', 'recomenda', 'recomendam',
    'recomendacao', 'melhor', 'procuro',
    'kitne ka', 'kitna hai', 'kitne ki', 'dikhao', 'dikhaiye', 'lena hai', 'kharidna', 'kharidna hai', 'sahi rahega', 'kaun sa', 'konsa lu', 'suggest karo', 'bataiye',
  ],
  /** A personal need that products answer: health and fitness goals, comfort, pain. */
  NEED: [
    'weight loss', 'lose weight', 'losing weight', 'fat loss', 'lose fat', 'belly fat', 'weight gain', 'gain weight',
    'put on weight', 'bulk', 'bulking', 'muscle', 'muscles', 'muscle gain', 'build muscle', 'muscle building', 'lean',
    'lean muscle', 'toned', 'abs', 'six pack', 'bodybuilding', 'height', 'grow taller', 'immunity', 'immune', 'energy',
    'stamina', 'endurance', 'recovery', 'strength', 'hair fall', 'hairfall', 'hair loss', 'dandruff', 'grey hair',
    'skin', 'acne', 'glowing skin', 'oily skin', 'dry skin', 'pigmentation', 'back pain', 'backache', 'lower back',
    'back problem', 'back problems', 'back issue', 'back ache', 'bad back', 'slipped disc', 'slip disc', 'spine',
    'neck pain', 'shoulder pain', 'joint pain', 'knee pain', 'sciatica', 'posture', 'sleep', 'sleeping', 'insomnia',
    'side sleeper', 'back sleeper', 'stomach sleeper', 'snoring', 'hot sleeper', 'allergies', 'digestion', 'gut',
    'stress', 'anxiety', 'focus', 'memory', 'diabetic', 'diabetes', 'cholesterol', 'pregnancy', 'beginner', 'beginners',
    'gym', 'workout', 'training', 'running', 'runner', 'cycling', 'yoga', 'hiking', 'camping', 'marathon',
    'small kitchen', 'small flat', 'small apartment', 'small bedroom', 'for my son', 'for my daughter', 'for my wife',
    'year old', 'years old', 'for my husband', 'for my dad', 'for my mum', 'for my mom', 'for kids', 'toddler', 'teenager', 'student',
    'dolor de espalda', 'ruckenschmerzen', 'mal de dos', 'muskelaufbau', 'abnehmen', 'perder peso', 'maigrir',
    'muscular', 'athletic', 'healthy lifestyle', 'get healthy', 'healthier', 'fitness goal', 'fitness goals', 'detox',
    'get in shape', 'tone up', 'slim down', 'bulk up', 'six pack abs', 'body goals',
    'gain mass', 'mass gain', 'loose weight', 'loose fat', 'body building', 'underweight', 'overweight', 'skinny',
    'my weight', 'my height', 'body weight', 'put on muscle', 'weight management', 'heart care', 'joint care',
  ],
  /** Sending something back, refunds, exchanges, cancellations. */
  RETURN: [
    'return', 'returns', 'returning', 'retrun', 'retun', 'refund', 'refunds', 'refunded', 'refnd', 'money back',
    'my money', 'reimburse', 'reimbursement', 'exchange', 'exchanges', 'exchanged', 'swap', 'send back', 'send it back',
    'sent back', 'take back', 'take it back', 'give back', 'cancel', 'cancelled', 'canceled', 'cancellation', 'cancle',
    'cancelling', 'canceling', 'wrong item', 'wrong size', 'wrong colour', 'wrong color', 'wrong product',
    'wrong order', 'doesnt fit', 'does not fit', 'didnt fit', 'too small', 'too big', 'too tight', 'too loose',
    'send them back', 'send these back', 'send this back', 'take them back', 'return them', 'return these',
    'changed my mind', 'by mistake', 'ordered twice', 'unwanted', 'return label', 'return window', 'return policy',
    'store credit', 'replacement', 'replace', 'missing item', 'missing items', 'arrived damaged', 'damaged in transit',
    'damaged on arrival', 'not as described', 'trial period', 'trial',
    'devolver', 'devolucion', 'devoluciones', 'reembolso', 'cambiar', 'cambio', 'cancelar', 'zuruckgeben',
    'zurueckgeben', 'zuruckschicken', 'ruckgabe', 'rueckgabe', 'rucksendung', 'erstattung', 'ruckerstattung',
    'umtauschen', 'umtausch', 'stornieren', 'storno', 'retourner', 'retour', 'rembourser', 'remboursement', 'echanger',
    'echange', 'annuler', 'annulation', 'renvoyer', 'renvoie', 'rendre', 'devolverlo',
    'came broken', 'arrived broken', 'delivered broken', 'received broken', 'came damaged', 'received damaged',
    'broken on arrival', 'dead on arrival', 'broken when it arrived', 'damaged when it arrived',
    'falta', 'faltan', 'incompleto', 'llego roto', 'fehlt', 'fehlen', 'unvollstandig', 'manque', 'incomplet', 'arrive casse',
    'mi dinero', 'devuelvan', 'reembolsar', 'geld zuruck', 'geld zurueck', 'mein geld', 'zurucksenden', 'mon argent',
    'rembourse', 'remboursee', 'etre rembourse', 'mauvais article', 'producto equivocado',
    'restituire', 'reso', 'rimborso', 'annullare', 'devolucao', 'trocar', 'troca', 'cambiare la taglia', 'wapas', 'vapas', 'wapis', 'paise wapas', 'refund chahiye',
    'badalna', 'badal do', 'badalna hai', 'replace karna', 'paisa', 'paise', 'refund kab', 'lautana', 'wapas karna', 'return karna', 'cancel karna', 'cancel kar do', 'galat product', 'galat size',
    'do not want it anymore', 'do not want this anymore', 'do not want this product', 'no longer want', 'no longer need',
    'do not need it anymore', 'not what i ordered', 'different product', 'different item', 'wrong one', 'sent me the wrong',
    'stop my order', 'stop the order', 'not happy with', 'time limit on returns', 'time limit to return', 'last date to return',
  ],
  /** Faults, repairs and guarantees of things the customer owns. */
  WARRANTY: [
    'warranty', 'warranties', 'warrenty', 'waranty', 'warrantee', 'guarantee', 'guaranty', 'garantee', 'gaurantee',
    'under warranty', 'extended warranty', 'extended protection', 'protection plan', 'repair', 'repairs', 'repaired',
    'fix', 'fixed', 'fixing', 'broken', 'brokn', 'broke', 'broke down', 'has broken', 'faulty', 'defect', 'defective', 'defects',
    'manufacturing defect', 'malfunction', 'malfunctioning', 'stopped working', 'stop working', 'stops working',
    'not working', 'no longer works', 'doesnt work', 'does not work', 'wont work', 'dont work', 'wont turn on',
    'will not turn on', 'doesnt turn on', 'not turning on', 'doesnt switch on', 'not switching on', 'wont start',
    'wont charge', 'not charging', 'doesnt charge', 'stopped charging', 'doesnt hold charge', 'not holding charge',
    'not heating', 'doesnt heat', 'not cooling', 'doesnt cool', 'not spinning', 'cracked',
    'leaking', 'leaks', 'sagging', 'lumpy', 'peeling', 'ripped', 'torn', 'snapped',
    'came apart', 'falling apart', 'overheats', 'overheating', 'burning smell', 'error code',
    'acting up', 'playing up', 'gone wrong', 'went wrong', 'keeps failing', 'stopped responding',
    'flickering', 'dead pixels', 'rattling', 'grinding', 'squeaking', 'service centre', 'service center',
    'technician', 'engineer visit', 'warranty claim', 'covered',
    'garantia', 'reparar', 'reparacion', 'roto', 'rota', 'averiado', 'no funciona', 'dejo de funcionar', 'garantie',
    'gewahrleistung', 'reparieren', 'reparatur', 'kaputt', 'defekt', 'funktioniert nicht', 'reparer', 'reparation',
    'en panne', 'casse', 'cassee', 'ne marche plus', 'ne marche pas', 'ne fonctionne plus', 'kharab', 'kam nahi',
    'arreglar', 'arreglen', 'arreglarlo', 'arreglo', 'arreglado',
    'no enciende', 'no carga', 'no calienta', 'ne chauffe plus', 'ne chauffe pas', 'heizt nicht', 'heizt nicht mehr', 'dejo de andar', 'se rompio', 'funktioniert nicht mehr', 'geht nicht mehr', 'ladt nicht',
    'ladt nicht mehr', 'ne s allume plus', 'ne se charge plus', 'ne charge plus', 'cesse de fonctionner', 's est cassee',
    'garanzia', 'non funziona', 'non funziona piu', 'riparare', 'riparazione', 'rotto', 'rotta', 'parou de funcionar',
    'nao funciona', 'consertar', 'conserto', 'quebrado', 'quebrada', 'quebrou', 'defeito',
    'kaam nahi', 'theek', 'thik',
    'is it covered', 'covered by the warranty', 'covered under', 'make a claim', 'claim status', 'claim number', 'open a claim',
    'theek karna', 'repair karna', 'guarantee kitni', 'kharab ho gaya', 'kharab hai', 'chal nahi raha', 'band ho gaya', 'toot gaya', 'tut gaya',
  ],
  /** An order that exists: status, tracking, delivery, address. */
  DELIVERY: [
    'delivery', 'deliveries', 'deliver', 'delivered', 'delivering', 'ship', 'shipping', 'shipped', 'shipment', 'dispatch',
    'dispatched', 'courier', 'parcel', 'package', 'tracking', 'track', 'tracking number', 'tracking id', 'order status',
    'status of my order', 'where is my order', 'where is my', 'arrive', 'arrived', 'arrival', 'not arrived',
    'not received', 'havent received', 'not delivered', 'not yet delivered', 'never delivered', 'never arrived',
    'never came', 'not yet received', 'not come', 'not came', 'has not come', 'has not arrived', 'not shipped',
    'not dispatched', 'not reached', 'has not reached', 'still waiting', 'eta', 'late', 'delay', 'delayed', 'delays', 'on the way', 'out for delivery',
    'pincode', 'pin code', 'zip code', 'zipcode', 'postcode', 'postal code', 'address', 'delivery address',
    'change address', 'international shipping', 'ship to', 'deliver to', 'collect', 'click and collect', 'pickup',
    'pick up', 'express', 'next day', 'same day', 'delivery charge', 'delivery charges', 'shipping cost', 'free delivery',
    'envio', 'entrega', 'mi pedido', 'donde esta', 'paquete', 'lieferung', 'liefern', 'versand', 'sendung', 'paket',
    'wo ist', 'livraison', 'livrer', 'colis', 'ou est', 'expedition', 'kab aayega', 'kab milega', 'kab tak', 'kab ayega',
    'kahan hai', 'nahi aaya', 'mila nahi', 'nahi mila', 'pahuncha', 'kab aayegi', 'kab milegi', 'kab tak aayega',
    'spedizione', 'consegna', 'il mio ordine', 'dove e', 'onde esta', 'meu pedido',
  ],
  /** The order as a thing (shared by returns and delivery questions). */
  ORDER: [
    'order', 'orders', 'ordered', 'my order', 'order number', 'order id', 'order no', 'purchase', 'purchased',
    'bought', 'placed', 'pedido', 'bestellung', 'bestellt', 'commande',
  ],
  /** Paying: methods, instalments, invoices, charges. */
  PAYMENT: [
    'pay', 'paying', 'payment', 'payments', 'paid', 'cod', 'cash on delivery', 'cash', 'emi', 'emis', 'no cost emi',
    'installment', 'installments', 'instalment', 'instalments', 'finance', 'financing', 'pay later', 'buy now pay later',
    'klarna', 'afterpay', 'credit card', 'debit card', 'card', 'upi', 'paypal', 'apple pay', 'google pay', 'net banking',
    'wallet', 'invoice', 'bill', 'receipt', 'vat', 'gst', 'charged', 'charged twice', 'double charged', 'deducted',
    'debited', 'transaction', 'declined', 'payment failed', 'interest', 'down payment', 'downpayment', 'prepaid',
    'gift card', 'gift card balance', 'voucher balance', 'pago', 'pagar', 'plazos', 'cuotas', 'factura', 'tarjeta', 'zahlung', 'bezahlen',
    'ratenzahlung', 'raten', 'rechnung', 'paiement', 'payer', 'plusieurs fois', 'facture', 'carte',
  ],
  /** Accounts and the website itself. */
  ACCOUNT: [
    'account', 'login', 'log in', 'logged out', 'sign in', 'sign up', 'signup', 'register', 'registration',
    'password', 'otp', 'verification code', 'profile', 'email address', 'username', 'app', 'website', 'site',
    'checkout', 'cart', 'basket', 'page', 'portal', 'website not working', 'site not working', 'app not working',
    'page not loading', 'not loading', 'error message', 'bug', 'newsletter', 'unsubscribe', 'notifications', 'cuenta', 'contrasena',
    'konto', 'passwort', 'compte', 'mot de passe',
  ],
  /** Physical stores, opening hours, the company. */
  STORE: [
    'store', 'stores', 'shop', 'shops', 'showroom', 'showrooms', 'outlet', 'outlets', 'branch', 'branches',
    'location', 'locations', 'near me', 'nearby', 'nearest', 'opening hours', 'open', 'opening', 'closing', 'close',
    'hours', 'timings', 'head office', 'office', 'headquarters', 'visit', 'in person', 'offline store', 'company',
    'brand story', 'about you', 'about your company', 'your company',
    'operating', 'functioning', 'working hours', 'lockdown', 'curfew', 'strike', 'tienda', 'horario', 'geschaft', 'filiale', 'offnungszeiten',
    'magasin', 'boutique', 'horaires',
  ],
  /** Price promotions. */
  PROMO: [
    'discount', 'discounts', 'coupon', 'coupons', 'coupon code', 'promo', 'promo code', 'promotion', 'offer', 'offers',
    'deal', 'deals', 'sale', 'sales', 'black friday', 'cyber monday', 'voucher', 'cashback', 'cash back', 'referral',
    'refer', 'refer and earn', 'loyalty', 'points', 'rewards', 'price match', 'student discount', 'descuento',
    'cupon', 'rabatt', 'gutschein', 'angebot', 'remise', 'reduction',
  ],
  /** Wanting a person, a call, or to complain. */
  CONTACT: [
    'human', 'agent', 'person', 'real person', 'live agent', 'representative', 'executive', 'operator', 'someone',
    'somebody', 'staff', 'manager', 'supervisor', 'customer care', 'customer service', 'customer support', 'support',
    'helpline', 'call', 'call me', 'call back', 'callback', 'phone number', 'mobile number', 'contact', 'contact number',
    'email you', 'speak', 'talk', 'chat with', 'complaint', 'complain', 'escalate', 'useless', 'terrible', 'worst',
    'pathetic', 'rude', 'fraud', 'scam', 'ridiculous', 'disappointed', 'angry', 'urgent', 'urgently', 'emergency',
    'asap', 'immediately', 'resolution', 'not picking up', 'no one answers', 'nobody answers', 'persona', 'agente', 'hablar',
    'mitarbeiter', 'sprechen', 'beschwerde', 'conseiller', 'parler', 'plainte', 'baat', 'call karo',
  ],
  /** Selling to or partnering with the store. */
  PARTNER: [
    'seller', 'sellers', 'sell on', 'sell my', 'vendor', 'supplier', 'franchise', 'dealership', 'dealer', 'dealers',
    'distributor', 'distributors', 'distribution', 'wholesale', 'reseller', 'partner', 'partnership', 'affiliate',
    'collaborate', 'collaboration', 'influencer', 'b2b', 'bulk order', 'job', 'jobs', 'hiring', 'career', 'careers',
    'vacancy', 'internship', 'vendedor', 'proveedor', 'verkaufer', 'haendler', 'fournisseur', 'vendeur',
  ],
  /** Is it real: authenticity of goods. */
  AUTHENTIC: [
    'original', 'genuine', 'authentic', 'authenticity', 'authenticate', 'fake', 'counterfeit', 'duplicate', 'real or',
    'legit', 'verify', 'batch number', 'batch code', 'serial number', 'hologram', 'authorised', 'authorized',
    'imported', 'original hai', 'asli', 'nakli', 'originality', 'certificate of authenticity', 'knock off', 'knockoff',
    'replica', 'tampered', 'seal broken',
  ],
  /** Services that are not products: plans, consultations, appointments. */
  SERVICE: [
    'diet plan', 'diet chart', 'meal plan', 'diet', 'nutrition plan', 'workout plan', 'workout schedule',
    'training plan', 'fitness plan', 'routine', 'schedule', 'consult', 'consultation', 'nutritionist', 'dietician',
    'dietitian', 'personal trainer', 'coach', 'coaching', 'appointment', 'doctor', 'advice on diet', 'assessment',
    'fitness advice', 'diet advice', 'nutrition advice', 'fitness guidance', 'diet tips', 'what should i eat',
    'calorie plan', 'macros', 'installation', 'install', 'assembly', 'assemble', 'gift wrap', 'gift wrapping', 'membership', 'subscription',
  ],
  /** General-assistant topics far from a store. */
  WORLD: [
    'weather', 'forecast', 'rain', 'raining', 'snow', 'sunny', 'temperature', 'celsius', 'fahrenheit', 'humidity',
    'joke', 'jokes', 'riddle', 'song', 'songs', 'music', 'playlist', 'spotify', 'podcast', 'radio', 'movie', 'movies',
    'film', 'films', 'actor', 'actress', 'netflix', 'series', 'episode', 'book', 'novel', 'author', 'poem', 'news',
    'headlines', 'president', 'prime minister', 'government', 'election', 'capital', 'population', 'country',
    'countries', 'city', 'history', 'war', 'born', 'died', 'invented', 'inventor', 'planet', 'planets', 'sun', 'moon',
    'stars', 'universe', 'science', 'physics', 'chemistry', 'biology', 'animal', 'animals', 'dinosaur', 'ocean',
    'mountain', 'river', 'recipe', 'recipes', 'bake', 'baking', 'boil', 'flight', 'flights', 'airline', 'airport',
    'hotel', 'hotels', 'trip', 'travel', 'vacation', 'holiday', 'passport', 'visa', 'train times', 'bus', 'uber', 'taxi',
    'traffic', 'directions', 'route to', 'map', 'bank', 'banking', 'transfer money', 'wire transfer',
    'credit score', 'stock market', 'stock price', 'bank balance', 'taxes', 'file my taxes', 'loan', 'mortgage', 'interest rate', 'share price', 'invest',
    'investing', 'bitcoin', 'crypto', 'insurance', 'taxes', 'salary', 'alarm', 'timer', 'remind', 'reminder',
    'calendar', 'meeting', 'text message', 'thermostat', 'smart home', 'volume', 'translate', 'translation',
    'meaning of', 'definition', 'define', 'synonym', 'spell', 'math', 'maths', 'plus', 'minus', 'multiply',
    'divided', 'square root', 'percent', 'percentage', 'equation', 'calculate', 'convert', 'miles', 'kilometers',
    'kilometres', 'time zone', 'what time is it', 'date today', 'what day', 'team', 'nba', 'nfl', 'league',
    'score', 'player', 'coach of', 'car', 'oil change', 'tyre', 'tire', 'engine', 'fuel', 'vote',
    'religion', 'philosophy', 'meaning of life', 'girlfriend', 'boyfriend', 'dating', 'homework', 'exam', 'college',
    'university', 'school', 'language', 'spanish', 'french', 'german', 'tiempo', 'clima', 'wetter', 'meteo',
    'turn off the lights', 'turn on the lights', 'dim the lights', 'book me a table', 'table for two', 'what year',
    'when was', 'who was', 'released', 'release date', 'founded', 'created', 'how many people', 'stain', 'stains',
    'blemish', 'tax refund', 'tax return', 'return flight', 'return on investment', 'stock exchange', 'exchange student',
    'order of operations', 'restraining order', 'pizza delivery', 'food delivery', 'return my call', 'return the call',
    'cancel my plans', 'cancel the meeting', 'periodic table', 'life cycle', 'world record', 'dark matter', 'eclipse', 'laugh', 'health insurance',
    'car insurance', 'home insurance', 'renters insurance', 'insurance claim', 'dental', 'dentist', 'butterfly', 'dog',
    'dogs', 'cat', 'cats', 'bird', 'birds', 'horse', 'lion', 'tiger', 'elephant', 'shark', 'whale', 'snake', 'bee',
    'bees', 'spider', 'octopus', 'penguin', 'monkey', 'fan of', 'on tv', 'outer space', 'space station', 'football match', 'gardening', 'chiste', 'witz', 'blague', 'hauptstadt', 'famous', 'character', 'characters', 'celebrity', 'singer', 'band',
    'album', 'concert', 'theatre', 'theater', 'tv show', 'sport', 'sports', 'olympics', 'world cup', 'championship',
    'tournament', 'stadium', 'politics', 'politician', 'law', 'lawyer', 'court', 'police', 'crime', 'god', 'bible',
    'church', 'century', 'ancient', 'empire', 'senator', 'economy', 'market trend', 'inflation', 'gdp', 'ceo',
    'startup', 'marketing', 'business plan', 'job interview', 'resume', 'cv', 'boss', 'coworker', 'teacher',
    'education', 'degree', 'study', 'studying', 'grammar', 'dictionary', 'algebra', 'geometry', 'formula',
    'circumference', 'triangle', 'evolution', 'species', 'nasa', 'astronaut', 'earth', 'climate', 'volcano',
    'earthquake', 'continent', 'currency', 'exchange rate',
    'gardening', 'tree', 'trees', 'flower', 'flowers',
    'vehicle', 'truck', 'motorcycle', 'gas station', 'petrol', 'parking', 'hospital', 'symptoms', 'disease', 'flu',
    'fever', 'vaccine', 'restaurant', 'reservation', 'book a table', 'pizza', 'cafe', 'wine', 'beer',
    'cocktail', 'cruise', 'subway', 'metro', 'lyft', 'distance', 'gps', 'account balance', 'credit limit',
    'retirement', 'pension', 'youtube', 'tiktok', 'facebook', 'twitter', 'social media', 'riddle', 'fun fact',
    'trivia', 'horoscope', 'zodiac', 'personality', 'relationship', 'philosophy', 'story', 'essay', 'programming',
    'python', 'javascript', 'painting', 'painter', 'artist', 'art', 'museum', 'sculpture', 'architecture',
    'building', 'tallest', 'largest', 'biggest', 'oldest', 'richest', 'fastest', 'deepest', 'highest', 'planet earth',
    'human body', 'bones', 'atom', 'molecule', 'gravity', 'electricity',
    'internet', 'computer science', 'ai', 'robot', 'robots', 'alien', 'aliens', 'ghost', 'dream', 'dreams',
  ],
  /** Greetings, thanks and chit-chat. */
  SMALLTALK: [
    'hi', 'hello', 'hey', 'hiya', 'good morning', 'good evening', 'good afternoon', 'thanks', 'thank you', 'thx', 'ok',
    'okay', 'cool', 'great', 'bye', 'goodbye', 'see you', 'how are you', 'whats up', 'who are you', 'are you a bot',
    'are you a robot', 'are you human', 'your name', 'who made you', 'lol', 'haha', 'hola', 'gracias', 'hallo',
    'danke', 'bonjour', 'merci', 'namaste',
  ],
};

/** Words that turn the following words into their opposite ("I don't want a refund"). */
/**
 * Common Spanish, German and French words that are one or two edits from an English word
 * ("bekomme" / "become", "tengo" / "tango"): never spelling-corrected, so a message in
 * another language keeps its own words and is read through its letter n-grams and the
 * multilingual lexicon entries instead of through false English friends.
 */
export const FOREIGN_COMMON_WORDS: readonly string[] = [
  'quiero', 'tengo', 'puedo', 'puede', 'tiene', 'tienen', 'cuando', 'donde', 'como', 'porque', 'para', 'pero', 'todavia',
  'despues', 'meses', 'semanas', 'dias', 'hace', 'llego', 'favor', 'gracias', 'necesito', 'estos', 'esta', 'este',
  'ich', 'mein', 'meine', 'meinen', 'habe', 'haben', 'bekomme', 'bekommen', 'nicht', 'mehr', 'noch', 'wann', 'kann',
  'konnen', 'mochte', 'sind', 'nach', 'seit', 'einem', 'einer', 'monaten', 'wochen', 'jahr', 'bitte', 'danke', 'auch',
  'je', 'veux', 'voudrais', 'peux', 'pouvez', 'avez', 'est', 'pas', 'plus', 'avec', 'pour', 'mois', 'depuis', 'apres',
  'merci', 'quelqu', 'quelque', 'mon', 'ma', 'mes', 'votre', 'vous', 'nous', 'elle', 'il',
  'cette', 'ce', 'ces', 'cet', 'les', 'des', 'du', 'au', 'aux', 'son', 'sa', 'ses', 'leur', 'qui', 'que', 'quoi', 'dans',
  'sur', 'sous', 'chez', 'tres', 'mais', 'aussi', 'encore', 'deja', 'toujours', 'jamais', 'rien', 'tout', 'tous',
  'los', 'las', 'del', 'al', 'una', 'unos', 'unas', 'mis', 'tus', 'sus', 'muy', 'mas', 'tambien', 'nada', 'todo',
  'esto', 'eso', 'aqui', 'ahora', 'hoy', 'ayer', 'manana', 'den', 'dem', 'des', 'und', 'oder', 'aber', 'sehr', 'schon',
  'immer', 'nichts', 'alles', 'heute', 'gestern', 'morgen', 'hier', 'jetzt', 'wieder', 'dass', 'wenn', 'weil', 'mit',
  'von', 'fur', 'auf', 'aus', 'bei', 'wer', 'wie', 'warum', 'welche', 'quien', 'cuanto', 'qui est',
  'il', 'mio', 'mia', 'miei', 'vorrei', 'voglio', 'non', 'piu', 'dove', 'quando', 'perche', 'grazie', 'sono', 'ho',
  'per', 'con', 'che', 'uno', 'gli', 'meu', 'minha', 'quero', 'nao', 'voce', 'onde', 'obrigado', 'tenho', 'os', 'um',
  'uma',
];

export const NEGATION_CUES: readonly string[] = [
  'not', 'no', 'never', 'without', 'nothing', 'neither', 'nor', 'instead of', 'rather than', 'no need',
  'dont want', 'no quiero', 'nicht', 'kein', 'keine', 'keinen', 'nie', 'pas', 'ne', 'sans', 'nahi', 'nahin',
];

/** Words that end a negation's scope: what follows them is asserted again ("..., I want it fixed"). */
export const SCOPE_BREAKERS: readonly string[] = [
  'but', 'just', 'only', 'i want', 'i need', 'i would like', 'id like', 'please', 'so', 'instead', 'rather', 'sino',
  'pero', 'sondern', 'aber', 'mais', 'plutot', 'bas',
];

/**
 * Past-tense narrative verbs: a clause built on them describes what happened before
 * ("I returned my blender"), which is context rather than the request.
 */
export const PAST_NARRATIVE: readonly string[] = [
  'returned', 'bought', 'purchased', 'ordered', 'exchanged', 'refunded', 'got', 'received', 'had', 'was', 'were',
  'sent', 'gave', 'used', 'tried', 'asked', 'claimed', 'repaired', 'fixed', 'cancelled', 'canceled', 'already',
  'last week', 'last month', 'last year', 'yesterday', 'ago', 'earlier', 'before',
];

/** Request markers: a clause with one of these is what the customer wants now. */
export const REQUEST_CUES: readonly string[] = [
  'which', 'what', 'how', 'can', 'could', 'would', 'should', 'will', 'do you', 'does', 'is', 'are', 'want', 'need',
  'looking for', 'recommend', 'suggest', 'help', 'please', 'tell me', 'show me', 'where', 'when', 'why', 'i would like',
  'id like', 'now', 'next',
];
