#!/usr/bin/python3
"""The parallel-sum course project's client, as its authors wrote it: plain generated stubs from
parallel_sum.proto (package ParallelSum), an insecure channel to localhost, one ReturnSum call with the
arrays as space-separated integers, and the server's message printed as is.

The only changes from the original are the --host/--port arguments (the original used
localhost:3001; tests bind port 0) and the stubs being compiled at run time instead of committed.

    /usr/bin/python3 original_parallel_sum_client.py --port 3001
    -> sum of array is : [2, 4, 6, 8, 10]
"""

import argparse

import grpc

import rpclab_protos

parallel_sum_pb2, parallel_sum_pb2_grpc = rpclab_protos.load("parallel_sum")


def run(host, port):
    with grpc.insecure_channel(f'{host}:{port}') as channel:
        stub = parallel_sum_pb2_grpc.ParallelSumStub(channel)
        response = stub.ReturnSum(parallel_sum_pb2.ARR1(arr1="1 2 3 4 5", arr2="1 2 3 4 5"))
    print(response.message)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='localhost')
    parser.add_argument('--port', type=int, default=3001)
    args = parser.parse_args()
    run(args.host, args.port)
