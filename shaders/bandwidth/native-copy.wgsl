// bandwidth/native-copy has no shader: it is the driver's own
// copyBufferToBuffer(src → dst), timed exactly like a kernel (GPU timestamps
// around the copies, the same rotation of buffers), as the yardstick for every
// copy kernel. Editing this text changes nothing.
