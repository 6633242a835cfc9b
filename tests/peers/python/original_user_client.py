#!/usr/bin/python3
"""The gRPC lab's user-service client, as its authors wrote it: plain generated stubs from
user_service.proto (package userservices, lowerCamel methods), an insecure channel to localhost, and
the sequence the original ran against its server's seeded user "1": get, create, update, delete.

The only changes from the original are the --host/--port arguments (the original used
localhost:50051; tests bind port 0), the stubs being compiled at run time, and each response printed
on one line (`<method>: field=value ...`) so a test can read it.

    /usr/bin/python3 original_user_client.py --port 50051
"""

import argparse

import grpc

import rpclab_protos

user_service_pb2, user_service_pb2_grpc = rpclab_protos.load("user_service")


def show(method, response):
    fields = " ".join(f"{field.name}={value}" for field, value in response.ListFields())
    print(f"{method}: {fields}")


def run(host, port):
    with grpc.insecure_channel(f'{host}:{port}') as channel:
        stub = user_service_pb2_grpc.UserServiceStub(channel)

        response = stub.getUser(user_service_pb2.GetUserRequest(id="1"))
        show("getUser", response)

        response = stub.createUser(user_service_pb2.CreateUserRequest(name="Jane Smith", email="jane.smith@example.com"))
        show("createUser", response)

        response = stub.updateUser(user_service_pb2.UpdateUserRequest(id="1", name="John Updated", email="john.updated@example.com"))
        show("updateUser", response)

        response = stub.deleteUser(user_service_pb2.DeleteUserRequest(id="1"))
        show("deleteUser", response)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='localhost')
    parser.add_argument('--port', type=int, default=50051)
    args = parser.parse_args()
    run(args.host, args.port)
