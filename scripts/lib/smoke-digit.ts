/**
 * The first image of the MNIST test set (t10k index 0, a 7) as an 8-bit greyscale 28×28 PNG, so
 * the smoke test needs neither the dataset nor a PNG encoder where it runs. A test checks it against
 * the dataset.
 */
export const SMOKE_DIGIT = {
  label: '7',
  mnistTestIndex: 0,
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAAAAABXZoBIAAAAvUlEQVR4XmMYdiBk5/zpNiroolBw7x8QfDwGBatMUCSdizyKFj/+9xCo5NfTf/96UCTBQNCJz9nZ2Vr0zb8sdCk4CP57UQhdDAbEXv4PRheDg8Z/73TQxWDA+uc/O3QxOGj9t5sVXQwGOM/+sEIXg4O6f9vQheDA+/cHS3QxGBC++28ZuhgMMJ/+d1sZXRAG1P7980UXgwH5B/+KGdEFYaD13z/UuEICtp/wSFb++3dbA10QBir/nccZVVgAAOhFSBedPA5HAAAAAElFTkSuQmCC',
    'base64',
  ),
} as const;
